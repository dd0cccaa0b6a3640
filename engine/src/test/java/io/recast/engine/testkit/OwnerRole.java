package io.recast.engine.testkit;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A login role that is not a superuser, may create in the test's schema and the database (so the
 * recast schema), and owns what the test gives it; with no recast schema left from other tests, so
 * that the role creates it. {@link #close} takes all of it back.
 */
public final class OwnerRole implements AutoCloseable {
    private final Db db;
    private final String name;
    private final String password;
    private final String database;

    private OwnerRole(Db db, String name, String password, String database) {
        this.db = db;
        this.name = name;
        this.password = password;
        this.database = database;
    }

    public static OwnerRole create(Db db, String name, String password) throws SQLException {
        db.exec("DO $$BEGIN CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'; "
                + "EXCEPTION WHEN duplicate_object THEN NULL; END$$");
        String database = db.queryString("SELECT current_database()");
        db.exec("GRANT USAGE, CREATE ON SCHEMA " + db.schema() + " TO " + name);
        db.exec("GRANT CREATE ON DATABASE \"" + database + "\" TO " + name);
        db.exec("DROP SCHEMA IF EXISTS recast CASCADE");
        return new OwnerRole(db, name, password, database);
    }

    public String name() {
        return name;
    }

    /** Connections as the role. */
    public DataSource dataSource() {
        return PgFixture.get().dataSource(name, password);
    }

    /** Gives {@code table} (of the test's schema) to the role. */
    public void owns(String table) throws SQLException {
        db.exec("ALTER TABLE " + table + " OWNER TO " + name);
    }

    /** The role's settings reset, the recast schema and what the role owns dropped, its grant on the database revoked. */
    @Override
    public void close() throws SQLException {
        db.exec("ALTER ROLE " + name + " RESET ALL");
        db.exec("DROP SCHEMA IF EXISTS recast CASCADE");
        db.exec("DROP OWNED BY " + name + " CASCADE");
        db.exec("REVOKE CREATE ON DATABASE \"" + database + "\" FROM " + name);
    }
}
