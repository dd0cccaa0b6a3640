CREATE TABLE target (id int PRIMARY KEY, a int, b int);
CREATE STATISTICS target_ab (dependencies) ON a, b FROM target;
