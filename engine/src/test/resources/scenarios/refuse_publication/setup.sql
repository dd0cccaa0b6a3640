CREATE TABLE target (id int PRIMARY KEY);
SELECT set_config('recast.scenario_pub', 'pub_' || current_schema(), false);
DO $$BEGIN EXECUTE format('CREATE PUBLICATION %I FOR TABLE target', current_setting('recast.scenario_pub')); END$$;
