DO $$BEGIN EXECUTE format('DROP PUBLICATION %I', 'pub_' || current_schema()); END$$;
