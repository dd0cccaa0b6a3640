package io.recast.engine.internal.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.Alteration;
import io.recast.engine.api.BlockerPolicy;
import io.recast.engine.api.CopyMethod;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.CutOverWindow;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.Signal;
import io.recast.engine.api.ThrottleRule;
import io.recast.engine.internal.plan.RewriteRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsCodecTest {

    @Test
    void everyOptionSurvivesTheJobRow() {
        RewriteOptions options = RewriteOptions.builder().batchRows(123).maxRowsPerSecond(9)
                .batchPause(Duration.ofMillis(7)).replayRows(11).lockTimeout(Duration.ofMillis(321)).maxAttempts(4)
                .cutOverBacklog(55).maxLockHold(Duration.ofSeconds(3)).keepOld(true).rebuildMaterializedViews(true)
                .targetBatchTime(Duration.ZERO).batchRowsBounds(5, 50).copyOrder(CopyOrder.KEY).copyMethod(CopyMethod.INSERT)
                .indexJobs(3).orderBy(List.of("Created At", "a=b:c"))
                .throttleRules(List.of(new ThrottleRule(Signal.REPLICATION_LAG, 1.5, 60),
                        ThrottleRule.abort(Signal.BACKLOG, 1e6), ThrottleRule.pause(Signal.QUERY, 0),
                        new ThrottleRule(Signal.REPLICA_LAG, 2, 30)))
                .replicaUrls(List.of("jdbc:postgresql://r1:5432/app?sslmode=require&ApplicationName=a b",
                        "jdbc:postgresql://[::1]:5433/app"))
                .throttleQuery("SELECT count(*) FROM x WHERE a = 'b;c:d'\nAND e")
                .throttleInterval(Duration.ofMillis(250)).queueLimits(3, Duration.ofMillis(40))
                .onBlocker(BlockerPolicy.TERMINATE, Duration.ofSeconds(9)).killAutovacuum(true)
                .oldSnapshotWait(Duration.ofSeconds(2)).manualCutOver(true)
                .cutOverWindow(CutOverWindow.parse("22:00-01:30")).verify(true).build();
        RewriteRequest o = new RewriteRequest("acc.\"Mixed = Case: #1\"", new Alteration(
                List.of("ALTER COLUMN id TYPE bigint", "ALTER COLUMN \"Note\" TYPE varchar(20)\nUSING left(\"Note\", 20)",
                        "DROP COLUMN x"), Map.of("a=b", "left(a, 2) || ':' || 'x=y'"), true, 2.5), options);
        assertThat(OptionsCodec.decode(OptionsCodec.encode(o))).isEqualTo(o);
        RewriteRequest defaults = new RewriteRequest("t", null, RewriteOptions.defaults());
        assertThat(OptionsCodec.decode(OptionsCodec.encode(defaults))).isEqualTo(defaults);
        assertThat(OptionsCodec.encode(defaults)).isEqualTo(OptionsCodec.encode(defaults)).doesNotContain("#");
    }
}
