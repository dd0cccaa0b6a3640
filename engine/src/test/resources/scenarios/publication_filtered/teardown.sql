DO $$BEGIN EXECUTE format('DROP PUBLICATION %I', 'pubf_' || current_schema()); END$$;
