package io.recast.engine.internal.ddl;

import io.recast.engine.api.DdlStep;
import io.recast.engine.api.LockHold;
import io.recast.engine.api.LockLevel;
import io.recast.engine.internal.sql.Sql;
import java.util.List;

/** The SQL steps of each strategy, each with its lock, its hold and what it leaves in place. */
final class Steps {
    private Steps() {
    }

    static DdlStep direct(String sql, LockLevel lock, LockHold hold) {
        return new DdlStep(DdlStep.Kind.SHORT_LOCK, sql, lock, hold, "", "applied");
    }

    /** ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT, for a CHECK or a FOREIGN KEY. */
    static List<DdlStep> notValidThenValidate(String table, String name, SubCommand sub) {
        boolean fk = sub.kind() == SubCommand.Kind.ADD_FOREIGN_KEY;
        String q = Sql.ident(name);
        String add = DdlSql.addConstraintNotValid(table, name, sub.constraintBody());
        String validate = DdlSql.validate(table, name);
        return List.of(
                new DdlStep(DdlStep.Kind.SHORT_LOCK, add, fk ? LockLevel.SHARE_ROW_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE,
                        LockHold.METADATA, fk ? "also SHARE ROW EXCLUSIVE on the referenced table, as briefly" : "",
                        "constraint " + q + " is in place NOT VALID: new and updated rows are checked, existing rows "
                                + "are not yet; finish with " + validate + ", or undo with "
                                + DdlSql.dropConstraint(table, name)),
                new DdlStep(DdlStep.Kind.SHORT_LOCK, validate, LockLevel.SHARE_UPDATE_EXCLUSIVE, LockHold.SCAN,
                        "reads every row while reads and writes go on" + (fk ? "; ROW SHARE on the referenced table" : ""),
                        "applied"));
    }

    /** SET NOT NULL through a CHECK (col IS NOT NULL) validated first: SET NOT NULL then scans nothing (PostgreSQL 12+). */
    static List<DdlStep> notNullViaCheck(String table, String column, String checkName) {
        String q = Sql.ident(checkName);
        String drop = DdlSql.dropConstraint(table, checkName);
        String setNotNull = DdlSql.setNotNull(table, column);
        return List.of(
                new DdlStep(DdlStep.Kind.SHORT_LOCK, DdlSql.addConstraintNotValid(table, checkName,
                        DdlSql.notNullCheck(column)), LockLevel.ACCESS_EXCLUSIVE, LockHold.METADATA, "",
                        "helper check " + q + " is in place NOT VALID (new rows must have " + column + " set); the "
                                + "column is still nullable; undo with " + drop),
                new DdlStep(DdlStep.Kind.SHORT_LOCK, DdlSql.validate(table, checkName), LockLevel.SHARE_UPDATE_EXCLUSIVE,
                        LockHold.SCAN, "reads every row while reads and writes go on",
                        "helper check " + q + " is valid; the column is still nullable; finish with " + setNotNull
                                + " and " + drop + ", or undo with " + drop),
                new DdlStep(DdlStep.Kind.SHORT_LOCK, setNotNull, LockLevel.ACCESS_EXCLUSIVE, LockHold.METADATA,
                        "the valid check proves no row is NULL, so PostgreSQL skips the scan",
                        "the column is NOT NULL; helper check " + q + " is left: drop it with " + drop),
                new DdlStep(DdlStep.Kind.SHORT_LOCK, drop, LockLevel.ACCESS_EXCLUSIVE, LockHold.METADATA, "", "applied"));
    }

    static DdlStep concurrent(String sql, LockLevel lock, LockHold hold, String note) {
        return new DdlStep(DdlStep.Kind.CONCURRENT, sql, lock, hold, note, "applied");
    }

    static DdlStep rewrite(String sql) {
        return new DdlStep(DdlStep.Kind.REWRITE, sql, LockLevel.ACCESS_EXCLUSIVE, LockHold.METADATA,
                "the shadow engine copies the table while reads and writes go on; ACCESS EXCLUSIVE only for the swap",
                "applied");
    }

    /** The statement with " CONCURRENTLY" inserted at the offset the parser found. */
    static String concurrently(String sql, int offset) {
        return offset < 0 ? sql : sql.substring(0, offset) + " CONCURRENTLY" + sql.substring(offset);
    }
}
