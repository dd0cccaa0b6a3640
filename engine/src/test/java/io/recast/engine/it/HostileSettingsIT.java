package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.recast.engine.Recast;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.OwnerRole;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Settings a DBA puts on a role or a database (issue 13): timeouts far shorter than a run's batches,
 * index builds, swap and idle lock connection must not break it (every session of a run sets its
 * own), and sessions that start read-only are refused before anything is created, saying why.
 */
class HostileSettingsIT {
    private static final String ROLE = "recast_it_hostile";
    private Db db;
    private OwnerRole role;

    @BeforeEach
    void setUp() throws Exception {
        db = new Db();
        role = OwnerRole.create(db, ROLE, "hostile");
        db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text NOT NULL)");
        db.fill("t", 200_000);
        db.exec("DELETE FROM t WHERE id % 2 = 0");
        db.exec("CREATE INDEX ON t (v)");
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

    private Recast asTheRole() {
        return Recast.builder(role.dataSource()).build();
    }

    @Test
    void timeoutsOnTheRoleDoNotBreakARun() throws Exception {
        db.exec("ALTER ROLE " + ROLE + " SET statement_timeout = '20ms'");
        db.exec("ALTER ROLE " + ROLE + " SET lock_timeout = '1ms'");
        db.exec("ALTER ROLE " + ROLE + " SET idle_in_transaction_session_timeout = '20ms'");
        if (db.serverVersion() >= 140000) {
            db.exec("ALTER ROLE " + ROLE + " SET idle_session_timeout = '100ms'");
        }
        if (db.serverVersion() >= 170000) {
            db.exec("ALTER ROLE " + ROLE + " SET transaction_timeout = '50ms'");
        }
        String before = db.checksum("t");
        // a batch of 50,000 rows, the index builds and the idle lock connection all outlast them
        RewriteResult r = asTheRole().repack(db.q("t"), RewriteOptions.builder().batchRows(50_000)
                .targetBatchTime(Duration.ZERO).batchPause(Duration.ofMillis(300)).build());
        assertThat(r.rowsCopied()).isEqualTo(100_000);
        assertThat(db.checksum("t")).isEqualTo(before);
        assertThat(db.artifacts()).isEmpty();
    }

    @Test
    void readOnlySessionsAreRefusedBeforeAnythingIsCreated() throws Exception {
        db.exec("ALTER ROLE " + ROLE + " SET default_transaction_read_only = on");
        NotEligibleException e = catchThrowableOfType(() -> asTheRole().repack(db.q("t")), NotEligibleException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).contains("default_transaction_read_only is on")
                .contains("ALTER ROLE \"" + ROLE + "\" SET default_transaction_read_only = off");
        assertThat(db.artifacts()).isEmpty();
        assertThat(db.queryString("SELECT to_regnamespace('recast')::text")).as("no recast schema").isNull();
    }
}
