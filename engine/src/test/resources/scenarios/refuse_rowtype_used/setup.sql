CREATE TABLE target (id int PRIMARY KEY);
CREATE TABLE holder (t target);
