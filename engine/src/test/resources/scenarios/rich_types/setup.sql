CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TYPE pair AS (a int, b text);
CREATE TABLE target (id bigint PRIMARY KEY, doc jsonb, tags text[], m mood, p positive, pr pair,
                     r int4range, ip inet, money_col numeric(12,3), f float8, b bool, d date, i interval, x xml);
INSERT INTO target SELECT g, jsonb_build_object('g', g, 'arr', jsonb_build_array(g, 'x')), ARRAY['a', g::text],
       (ARRAY['sad', 'ok', 'happy']::mood[])[1 + g % 3], 1 + g, ROW(g, 't' || g)::pair, int4range(g, g + 10),
       ('10.0.' || (g % 250) || '.1')::inet, g / 7.0, g / 3.0, g % 2 = 0, DATE '2024-01-01' + g, g * interval '1 minute',
       ('<a>' || g || '</a>')::xml
FROM generate_series(1, 2000) g;
