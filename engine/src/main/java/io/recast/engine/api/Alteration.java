package io.recast.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code recast alter} changes: ALTER TABLE sub-commands applied to the new, empty table
 * (PostgreSQL parses and checks them there), conversion expressions for changed columns, whether
 * the referencing columns of other tables follow a key's new type, and how much of the table the
 * conversion pre-check reads.
 *
 * @param changes      sub-commands as they follow {@code ALTER TABLE name}, e.g. {@code ALTER COLUMN id TYPE bigint}
 * @param using        column (its name in the table now) to the expression that converts it, over the
 *                     table's columns, as ALTER TABLE's USING; the others convert as INSERT converts
 * @param cascade      change the columns of other tables whose foreign keys reference a changed key
 *                     column to the same type, each online in turn after this table
 * @param checkSample  percent of the table's pages the conversion pre-check reads (TABLESAMPLE
 *                     SYSTEM); null reads every row
 */
public record Alteration(List<String> changes, Map<String, String> using, boolean cascade, Double checkSample) {
    public Alteration {
        changes = List.copyOf(changes);
        using = Collections.unmodifiableMap(new LinkedHashMap<>(using));
        if (changes.isEmpty()) {
            throw new InvalidOptionsException("recast alter needs at least one --change, e.g. "
                    + "--change 'ALTER COLUMN id TYPE bigint'");
        }
        for (String ch : changes) {
            if (ch.isBlank()) {
                throw new InvalidOptionsException("a --change must not be empty");
            }
            if (ch.contains(";")) {
                throw new InvalidOptionsException("a --change is one ALTER TABLE sub-command without ';' (give "
                        + "several --change options instead): " + ch);
            }
        }
        for (Map.Entry<String, String> e : using.entrySet()) {
            if (e.getKey().isBlank() || e.getValue().isBlank()) {
                throw new InvalidOptionsException("--using takes COLUMN=EXPRESSION, e.g. 'note=left(note, 200)'");
            }
        }
        if (checkSample != null && (checkSample <= 0 || checkSample > 100)) {
            throw new InvalidOptionsException("--check-sample is a percentage of the table's pages, above 0 and at "
                    + "most 100, was " + checkSample);
        }
    }

    /**
     * The sub-commands, as they follow {@code ALTER TABLE name}: {@code Alteration.of("ALTER COLUMN id TYPE bigint")};
     * every column converts as INSERT converts, no cascade, every row checked.
     */
    public static Alteration of(String... changes) {
        return new Alteration(List.of(changes), Map.of(), false, null);
    }

    /** The same, with the referencing columns of other tables following a changed key's new type. */
    public Alteration cascadeTypes() {
        return new Alteration(changes, using, true, checkSample);
    }

    /** The same, with {@code column} (its name now) converted by {@code expression}, as ALTER TABLE's USING. */
    public Alteration using(String column, String expression) {
        Map<String, String> u = new LinkedHashMap<>(using);
        u.put(column, expression);
        return new Alteration(changes, u, cascade, checkSample);
    }

    /** The same, with the conversion pre-check reading this percentage of the table's pages. */
    public Alteration checkSample(double percent) {
        return new Alteration(changes, using, cascade, percent);
    }
}
