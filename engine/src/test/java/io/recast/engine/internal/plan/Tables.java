package io.recast.engine.internal.plan;

import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.ConstraintDef;
import io.recast.engine.internal.catalog.IndexDef;
import io.recast.engine.internal.catalog.Inheritance;
import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.OwnedSequence;
import io.recast.engine.internal.catalog.TableDefinition;
import java.util.Arrays;
import java.util.List;

/** Table definitions built by hand for tests that need no database. */
public final class Tables {
    private Tables() {
    }

    /** "app"."Orders": (id bigint identity, "Note" text), primary key on id, an index on "Note", a FK. */
    public static TableDefinition orders() {
        return orders('r', 'p', false, new KeyColumns("Orders_pkey", true, List.of("id"), List.of("bigint"),
                Arrays.asList((String) null)), true, List.of(), List.of());
    }

    public static TableDefinition orders(char relkind, char persistence, boolean partition, KeyColumns key,
                                         boolean canOwn, List<String> dependents, List<String> missing) {
        return orders(relkind, persistence, partition, key, canOwn, dependents, missing, "heap");
    }

    /** The same table with this access method (null: none, as a partitioned table before 17). */
    public static TableDefinition orders(String accessMethod) {
        TableDefinition t = orders();
        return orders(t.relkind(), t.persistence(), t.partition(), t.key(), t.canOwn(), t.dependents(),
                t.missingPrivileges(), accessMethod);
    }

    private static TableDefinition orders(char relkind, char persistence, boolean partition, KeyColumns key,
                                          boolean canOwn, List<String> dependents, List<String> missing,
                                          String accessMethod) {
        return new TableDefinition(16384, "app", "Orders", relkind, persistence, partition, Inheritance.NONE, null, false,
                "owner", "owner", canOwn, null, accessMethod, List.of("fillfactor=90"), List.of(), 'd', false, false, null, true,
                1000, 8192,
                List.of(new Column(1, "id", "bigint", true, null, null, null, "ALWAYS", null, null, null, null, null),
                        new Column(2, "Note", "text", false, "\"C\"", "'x'::text", null, null, null, null, null, null, null)),
                key,
                List.of(new IndexDef(1, "Orders_pkey", true, "btree (id)", null, "p", "PRIMARY KEY (id)", false, false, false, false, null, null),
                        new IndexDef(2, "orders_note", false, "btree (\"Note\")", "fast", null, null, false, false, false, false, null, null)),
                List.of(new ConstraintDef("fk", 'f', "FOREIGN KEY (id) REFERENCES app.parent(id)", true, null, 1L)),
                List.of(), List.of(), List.of(),
                List.of(new OwnedSequence("id", "app", "Orders_id_seq", true, "START WITH 1 INCREMENT BY 1 MINVALUE 1 "
                        + "MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE")),
                List.of(), List.of(), List.of(), List.of(), null, List.of(), List.of(), List.of(), dependents, List.of(),
                missing, List.of(), List.of(), List.of());
    }
}
