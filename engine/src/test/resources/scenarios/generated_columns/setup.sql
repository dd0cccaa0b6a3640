CREATE TABLE target (id int PRIMARY KEY, price numeric NOT NULL, qty int NOT NULL DEFAULT 1,
                     total numeric GENERATED ALWAYS AS (price * qty) STORED,
                     label text GENERATED ALWAYS AS ('item ' || id::text) STORED);
INSERT INTO target (id, price, qty) SELECT g, g / 4.0, g % 7 FROM generate_series(1, 2000) g;
