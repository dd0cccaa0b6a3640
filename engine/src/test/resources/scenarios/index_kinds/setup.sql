CREATE TABLE target (id bigint PRIMARY KEY, email text, doc jsonb, during tstzrange, score int, code text,
                     payload text);
INSERT INTO target SELECT g, 'User' || g || '@x.org', jsonb_build_object('k', g % 10),
       tstzrange('2024-01-01'::timestamptz + g * interval '1 hour', '2024-01-01'::timestamptz + (g + 1) * interval '1 hour'),
       g % 100, CASE WHEN g % 10 = 0 THEN NULL ELSE 'c' || g END, md5(g::text)
FROM generate_series(1, 3000) g;
CREATE INDEX target_lower_email ON target (lower(email));
CREATE INDEX target_partial ON target (score) WHERE score > 50;
CREATE UNIQUE INDEX target_email_key ON target (email);
CREATE INDEX target_doc_gin ON target USING gin (doc jsonb_path_ops);
CREATE INDEX target_during_gist ON target USING gist (during);
CREATE INDEX target_include ON target (score) INCLUDE (payload);
CREATE INDEX target_pattern ON target (email text_pattern_ops);
CREATE INDEX target_collated ON target (code COLLATE "C" DESC NULLS LAST);
CREATE INDEX target_brin ON target USING brin (id) WITH (pages_per_range = 16);
CREATE INDEX target_hash ON target USING hash (code);
