-- rules on other tables and views that write the table are replaced in place; rules on the table
-- itself are created on the new one, with their enabled state and comment
CREATE TABLE target (id int PRIMARY KEY, v text);
CREATE TABLE other (id int);
CREATE TABLE audit (id int, what text);
CREATE RULE copy_to_target AS ON INSERT TO other DO ALSO INSERT INTO target VALUES (NEW.id, 'copied');
CREATE VIEW target_ids AS SELECT id FROM other;
CREATE RULE view_insert AS ON INSERT TO target_ids DO INSTEAD INSERT INTO target VALUES (NEW.id, 'via view');
CREATE RULE audit_delete AS ON DELETE TO target DO ALSO INSERT INTO audit VALUES (OLD.id, 'deleted');
CREATE RULE quiet_update AS ON UPDATE TO target WHERE NEW.v = 'x' DO INSTEAD NOTHING;
ALTER TABLE target DISABLE RULE quiet_update;
COMMENT ON RULE audit_delete ON target IS 'keeps a trail';
INSERT INTO target SELECT g, 'v' || g FROM generate_series(1, 1000) g;
INSERT INTO other VALUES (5000);
