CREATE TABLE target (id int PRIMARY KEY, price numeric NOT NULL, qty int NOT NULL,
                     total numeric GENERATED ALWAYS AS (price * qty) VIRTUAL,
                     stored numeric GENERATED ALWAYS AS (price + 1) STORED);
INSERT INTO target (id, price, qty) SELECT g, g / 2.0, g % 5 FROM generate_series(1, 1000) g;
