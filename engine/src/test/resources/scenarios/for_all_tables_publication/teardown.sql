DO $$BEGIN EXECUTE format('DROP PUBLICATION %I', 'all_' || current_schema()); END$$;
