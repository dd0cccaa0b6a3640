package io.recast.engine.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.internal.sql.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactNamesTest {
    @Test
    void everyNameFitsEvenForTheLargestOid() {
        ArtifactNames n = new ArtifactNames(4_294_967_295L);
        for (String name : List.of(n.logTable(), n.function(), n.trigger(), n.truncateTrigger(), n.shadow(), n.old(),
                n.shadowIndex(9999), n.shadowSequence(9999), n.oldIndex(9999), n.oldSequence(9999))) {
            assertThat(Sql.fits(name)).as(name).isTrue();
        }
        assertThat(n.qShadow()).isEqualTo("\"recast\".\"shadow_4294967295\"");
    }

    @Test
    void lockKeysDifferPerTableAndFromTheSchemaKey() {
        assertThat(new ArtifactNames(1).jobLockKey()).isNotEqualTo(new ArtifactNames(2).jobLockKey());
        assertThat(new ArtifactNames(4_294_967_295L).jobLockKey()).isNotEqualTo(ArtifactNames.SCHEMA_LOCK_KEY);
        assertThat(new ArtifactNames(16384).jobLockKey() >>> 32).isEqualTo(0x5243L);
    }
}
