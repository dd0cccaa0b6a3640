package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.recast.engine.Recast;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.OwnerRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each missing privilege is found before anything is created, by a real role that is not a
 * superuser and owns the table; the message names the privilege and what fixes it.
 */
class PrivilegeIT {
    private static final String ROLE = "recast_it_priv";
    private Db db;
    private OwnerRole role;

    @BeforeEach
    void setUp() throws Exception {
        db = new Db();
        role = OwnerRole.create(db, ROLE, "priv");
        db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
        role.owns("t");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            role.close();
        } finally {
            db.close();
        }
    }

    private String refusal() throws Exception {
        String before = db.artifacts().toString();
        String schemaBefore = db.queryString("SELECT to_regnamespace('recast')::text");
        NotEligibleException e = catchThrowableOfType(NotEligibleException.class, () ->
                Recast.builder(role.dataSource()).build()
                        .repack(db.q("t"), RewriteOptions.builder().build()));
        assertThat(e).as("refused").isNotNull();
        assertThat(db.artifacts().toString()).isEqualTo(before);
        assertThat(db.queryString("SELECT to_regnamespace('recast')::text")).as("the recast schema").isEqualTo(schemaBefore);
        return e.getMessage();
    }

    /**
     * A materialized view whose query reads a table the role may not read: its query cannot be timed,
     * and the swap could not rebuild it either; the refusal names the view and PostgreSQL's error.
     */
    @Test
    void aMaterializedViewTheRoleCannotRebuild() throws Exception {
        db.exec("CREATE TABLE secret (id int PRIMARY KEY)");
        db.exec("CREATE MATERIALIZED VIEW mv AS SELECT t.id FROM t JOIN secret USING (id)");
        db.exec("ALTER MATERIALIZED VIEW mv OWNER TO " + ROLE);
        db.exec("GRANT SELECT ON secret TO " + ROLE);
        db.exec("REFRESH MATERIALIZED VIEW mv");
        db.exec("REVOKE SELECT ON secret FROM " + ROLE);
        assertThat(refusal()).contains("materialized view \"" + db.schema() + "\".\"mv\" reads")
                .contains("could not be run by this role").contains("permission denied for table secret");
    }

    @Test
    void createOnAnExistingRecastSchema() throws Exception {
        db.exec("CREATE SCHEMA recast");
        String m = refusal();
        db.exec("DROP SCHEMA recast");
        assertThat(m).contains("CREATE and USAGE on schema recast").contains("GRANT CREATE, USAGE ON SCHEMA recast TO " + ROLE);
    }

    @Test
    void createOnTheTablesSchema() throws Exception {
        db.exec("REVOKE CREATE ON SCHEMA " + db.schema() + " FROM " + ROLE);
        assertThat(refusal()).contains("CREATE on schema " + db.schema())
                .contains("GRANT CREATE ON SCHEMA " + db.schema() + " TO " + ROLE);
    }

    @Test
    void referencesOnAReferencedTable() throws Exception {
        db.exec("CREATE TABLE parent (id int PRIMARY KEY)");
        db.exec("ALTER TABLE t ADD COLUMN parent_id int REFERENCES parent (id)");
        assertThat(refusal()).contains("REFERENCES on " + db.schema() + ".parent")
                .contains("GRANT REFERENCES ON " + db.schema() + ".parent TO " + ROLE);
    }

    @Test
    void ownershipOfAViewThatReadsTheTable() throws Exception {
        db.exec("CREATE VIEW v AS SELECT id FROM t");
        db.exec("ALTER VIEW v OWNER TO postgres");
        assertThat(refusal()).contains("ownership of view " + db.schema() + ".v").contains("run as its owner postgres");
    }

    @Test
    void ownershipOfATableWhoseForeignKeyReferencesIt() throws Exception {
        db.exec("CREATE TABLE child (id int PRIMARY KEY, t_id int REFERENCES t (id))");
        assertThat(refusal()).contains("ownership of " + db.schema() + ".child").contains("its foreign key");
    }

    @Test
    void forceRowLevelSecurityNeedsBypass() throws Exception {
        db.exec("ALTER TABLE t ENABLE ROW LEVEL SECURITY");
        db.exec("ALTER TABLE t FORCE ROW LEVEL SECURITY");
        assertThat(refusal()).contains("FORCE ROW LEVEL SECURITY").contains("ALTER ROLE " + ROLE + " BYPASSRLS");
    }
}
