CREATE TABLE target (id int PRIMARY KEY, parent int REFERENCES target (id) ON DELETE CASCADE, name text);
INSERT INTO target SELECT g, CASE WHEN g > 1 THEN g / 2 END, 'n' || g FROM generate_series(1, 2000) g;
CREATE VIEW tree AS SELECT t.id, p.name AS parent_name FROM target t LEFT JOIN target p ON p.id = t.parent;
CREATE VIEW roots AS SELECT * FROM tree WHERE parent_name IS NULL;
CREATE TABLE leaf (id int PRIMARY KEY REFERENCES target (id) ON DELETE CASCADE);
INSERT INTO leaf SELECT generate_series(1000, 2000);
