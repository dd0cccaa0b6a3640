CREATE TABLE target (id int PRIMARY KEY, v text, secret text);
INSERT INTO target SELECT g, 'v' || g, 's' FROM generate_series(1, 1000) g;
DO $$BEGIN EXECUTE format('CREATE PUBLICATION %I FOR TABLE target', 'pub_' || current_schema()); END$$;
