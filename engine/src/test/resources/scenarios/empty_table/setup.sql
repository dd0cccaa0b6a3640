CREATE TABLE target (id int PRIMARY KEY, v text);
