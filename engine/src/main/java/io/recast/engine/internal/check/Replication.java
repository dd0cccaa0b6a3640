package io.recast.engine.internal.check;

import io.recast.engine.api.CheckItem.Status;
import io.recast.engine.api.CheckItem;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The replication-slots and replication-lag items. The run writes about the shadow's size of WAL
 * (the copy and the index builds): a slot that retains WAL retains that too, and standbys have to
 * replay it. Nothing here is a hard failure; on a standby, or where the role may not see the
 * figures, the item says so.
 */
final class Replication {
    private static final int LISTED = 5;

    private Replication() {
    }

    /** @param walBytes about how much WAL the run writes */
    static CheckItem slots(Connection c, boolean standby, long walBytes) throws SQLException {
        List<String> warnings = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        long[] retainedMax = {0};
        Jdbc.query(c, PreflightSql.SLOTS, rs -> {
            String name = rs.getString("slot_name");
            String type = rs.getString("slot_type");
            Long retained = (Long) rs.getObject("retained");
            Long safe = (Long) rs.getObject("safe_wal_size");
            String walStatus = rs.getString("wal_status");
            String what = "slot " + name + " (" + type + (rs.getString("database").isEmpty() ? ""
                    : ", database " + rs.getString("database")) + ")";
            String holds = retained == null ? "" : " retains " + Format.size(retained) + " of WAL";
            retainedMax[0] = Math.max(retainedMax[0], retained == null ? 0 : retained);
            if ("lost".equals(walStatus)) {
                warnings.add(what + " has lost WAL it needs (wal_status lost): its consumer must be set up again");
            } else if (!rs.getBoolean("active")) {
                warnings.add(what + " is inactive and" + (holds.isEmpty() ? " retains WAL" : holds)
                        + ("logical".equals(type) ? " and holds back vacuum of the catalog" : "")
                        + ": drop it if nothing uses it (SELECT "
                        + "pg_drop_replication_slot('" + name + "')) or start its consumer");
            } else if (safe != null && safe < walBytes) {
                warnings.add(what + " can fall only " + Format.size(safe) + " further behind before "
                        + "max_slot_wal_keep_size invalidates it, less than the run writes");
            } else {
                fine.add(what + (holds.isEmpty() ? " is active" : holds));
            }
            return null;
        });
        Map<String, Long> figures = Map.of("slots", (long) (warnings.size() + fine.size()), "maxRetainedBytes",
                retainedMax[0]);
        String where = standby ? " (this server is a standby: the WAL a slot retains is not shown here)" : "";
        if (!warnings.isEmpty()) {
            return new CheckItem(CheckItem.REPLICATION_SLOTS, Status.WARN, Format.list(warnings, LISTED)
                    + (walBytes == 0 ? "" : "; the run writes about " + Format.size(walBytes) + " of WAL, which "
                    + "pg_wal must hold as long as a slot is behind") + (fine.isEmpty() ? "" : "; also " + Format.list(fine, LISTED)) + where,
                    figures);
        }
        if (fine.isEmpty()) {
            return new CheckItem(CheckItem.REPLICATION_SLOTS, Status.OK, "no replication slot" + where, figures);
        }
        return new CheckItem(CheckItem.REPLICATION_SLOTS, Status.OK, "every slot is active: " + Format.list(fine, LISTED)
                + where, figures);
    }

    static CheckItem lag(Connection c, boolean standby, CheckOptions checks, long walBytes) throws SQLException {
        if (standby) {
            return new CheckItem(CheckItem.REPLICATION_LAG, Status.OK, "this server is a standby: the lag of "
                    + "standbys is seen on the primary", Map.of());
        }
        long limit = checks.replicationLag().toMillis();
        List<String> behind = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        int[] hidden = {0};
        Jdbc.query(c, PreflightSql.STANDBYS, rs -> {
            String who = "standby " + (rs.getString("app").isEmpty() ? "pid " + rs.getInt("pid")
                    : "\"" + rs.getString("app") + "\"") + (rs.getString("addr").isEmpty() ? "" : " at " + rs.getString("addr"));
            if (rs.getString("state") == null) {
                hidden[0]++;
                return null;
            }
            Long ms = (Long) rs.getObject("replay_ms");
            Long bytes = (Long) rs.getObject("replay_bytes");
            String lag = (ms == null ? "no replay lag reported" : "replays " + Format.duration(Duration.ofMillis(ms))
                    + " behind") + (bytes == null ? "" : ", " + Format.size(bytes) + " of WAL");
            (ms != null && ms > limit ? behind : fine).add(who + " " + lag);
            return null;
        });
        Map<String, Long> figures = Map.of("standbys", (long) (behind.size() + fine.size() + hidden[0]),
                "lagging", (long) behind.size());
        String note = hidden[0] == 0 ? "" : " (" + Format.count(hidden[0], "standby's", "standbys'") + " lag is hidden "
                + "from this role: pg_stat_replication shows it only to superusers and members of pg_read_all_stats)";
        if (!behind.isEmpty()) {
            return new CheckItem(CheckItem.REPLICATION_LAG, Status.WARN, Format.list(behind, LISTED) + ", more than "
                    + Format.duration(checks.replicationLag()) + "; the run's WAL"
                    + (walBytes == 0 ? "" : " (about " + Format.size(walBytes) + ")") + " adds to the lag: wait for "
                    + "it to catch up, or slow the copy with --max-rows-per-second" + (fine.isEmpty() ? "" : "; " + Format.list(fine, LISTED)) + note, figures);
        }
        if (fine.isEmpty() && hidden[0] == 0) {
            return new CheckItem(CheckItem.REPLICATION_LAG, Status.OK, "no standby streams from this server", figures);
        }
        if (fine.isEmpty()) {
            return new CheckItem(CheckItem.REPLICATION_LAG, Status.OK, Format.count(hidden[0], "standby streams",
                    "standbys stream") + " from this server, but its lag is hidden from this role: "
                    + "pg_stat_replication shows it only to superusers and members of pg_read_all_stats", figures);
        }
        return new CheckItem(CheckItem.REPLICATION_LAG, Status.OK, Format.list(fine, LISTED) + ", within "
                + Format.duration(checks.replicationLag()) + note, figures);
    }
}
