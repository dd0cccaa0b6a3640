-- a FOR ALL TABLES publication: the run's shadow, change log and job table are unlogged, so that none
-- of them reaches a subscriber; the shadow becomes logged before the cut-over, and the swap carries the
-- last changes over by the table's name (SubscriberIT runs it with a real subscriber)
CREATE TABLE target (id int PRIMARY KEY, v text, n int);
INSERT INTO target SELECT g, 'v' || g, g % 10 FROM generate_series(1, 3000) g;
DO $$BEGIN EXECUTE format('CREATE PUBLICATION %I FOR ALL TABLES', 'all_' || current_schema()); END$$;
