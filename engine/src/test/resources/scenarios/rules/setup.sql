CREATE TABLE target (id int PRIMARY KEY);
CREATE TABLE other (id int);
CREATE RULE copy_to_target AS ON INSERT TO other DO ALSO INSERT INTO target VALUES (NEW.id);
