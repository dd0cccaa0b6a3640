CREATE TYPE target_type AS (id int);
CREATE TABLE target OF target_type (PRIMARY KEY (id));
