CREATE TABLE target (id int PRIMARY KEY);
DO $$BEGIN EXECUTE format('CREATE PUBLICATION %I FOR ALL TABLES', 'all_' || current_schema()); END$$;
