CREATE TABLE target (k float8 PRIMARY KEY, v text);
INSERT INTO target SELECT g / 3.0, 'v' || g FROM generate_series(1, 2000) g;
INSERT INTO target VALUES ('Infinity', 'inf'), ('-Infinity', '-inf'), (1e-300, 'tiny'), (-0.1, 'neg');
CREATE TABLE other (k text PRIMARY KEY);
INSERT INTO other SELECT 'k' || g FROM generate_series(1, 10) g;
