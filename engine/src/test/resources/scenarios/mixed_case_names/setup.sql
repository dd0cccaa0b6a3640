CREATE TABLE "Mixed ""Case"" Table" ("Id" int, "select" text, "from" int, "with space" text, "Ünïcode" text,
    CONSTRAINT "PK Name" PRIMARY KEY ("Id"),
    CONSTRAINT "check ""me""" CHECK ("from" >= 0));
CREATE INDEX "Index ""Quoted""" ON "Mixed ""Case"" Table" ("select", "with space");
COMMENT ON COLUMN "Mixed ""Case"" Table"."select" IS 'a reserved word';
INSERT INTO "Mixed ""Case"" Table" SELECT g, 's' || g, g, 'w ' || g, 'ü' || g FROM generate_series(1, 1500) g;
