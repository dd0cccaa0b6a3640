CREATE SEQUENCE free_seq;
CREATE TABLE target (id int PRIMARY KEY, created timestamptz NOT NULL DEFAULT now(), n bigint DEFAULT nextval('free_seq'),
                     status text NOT NULL DEFAULT 'new', flags int[] DEFAULT '{1,2}', note text DEFAULT E'it''s\nmultiline');
COMMENT ON TABLE target IS 'Orders; with ''quotes'' and
a newline';
COMMENT ON COLUMN target.status IS 'status of the order';
COMMENT ON INDEX target_pkey IS 'the key';
COMMENT ON CONSTRAINT target_pkey ON target IS 'primary';
INSERT INTO target (id, created) SELECT g, '2024-01-01'::timestamptz + g * interval '1 day' FROM generate_series(1, 1000) g;
