package io.recast.engine.internal.bloat;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.internal.bloat.Layout.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page arithmetic against layouts worked out from PostgreSQL's headers (8 kB pages). */
class LayoutTest {
    private static final Column BIGINT = new Column(8, 'd', false, 8, 0.0);
    private static final Column INT = new Column(4, 'i', false, 4, 0.0);

    @Test
    void aNarrowRowIsItsHeaderItsAlignedDataAndItsLinePointer() {
        // 23-byte header -> 24, bigint 8 + int 4 = 36 -> 40, line pointer 4
        assertThat(Layout.heapRowBytes(List.of(BIGINT, INT), 2)).isEqualTo(44);
        // (8192 - 24) / 44 = 185 rows a page
        assertThat(Layout.heapPages(185, 44, 8192, 100)).isEqualTo(1);
        assertThat(Layout.heapPages(186, 44, 8192, 100)).isEqualTo(2);
        // fillfactor 50 keeps 4096 bytes free: (8192 - 24 - 4096) / 44 = 92
        assertThat(Layout.heapPages(92, 44, 8192, 50)).isEqualTo(1);
        assertThat(Layout.heapPages(93, 44, 8192, 50)).isEqualTo(2);
    }

    @Test
    void columnsAlignAsTheirTypesAskAndShortTextDoesNot() {
        // int then bigint: the bigint starts at 8, not 4
        assertThat(Layout.dataWidth(List.of(INT, BIGINT))).isEqualTo(16);
        // a 33-byte text (short varlena header) after an int needs no alignment
        assertThat(Layout.dataWidth(List.of(INT, new Column(-1, 'i', false, 33, 0.0)))).isEqualTo(37);
        // half the values null: half the width counts; a dropped column counts for nothing
        assertThat(Layout.dataWidth(List.of(BIGINT, new Column(8, 'd', false, 8, 0.5),
                new Column(4, 'i', true, 4, 0.0)))).isEqualTo(12);
        // a null bitmap where values can be null: 23 + 1 -> 24 for up to 8 columns, 23 + 2 -> 32 for 9
        assertThat(Layout.heapRowBytes(List.of(BIGINT, new Column(8, 'd', false, 8, 0.5)), 2)).isEqualTo(24 + 16 + 4);
        assertThat(Layout.heapRowBytes(List.of(BIGINT, new Column(8, 'd', false, 8, 0.5)), 9)).isEqualTo(32 + 16 + 4);
    }

    @Test
    void aBtreeOfBigintKeys() {
        // index tuple 8 + 8 = 16, line pointer 4 = 20; leaf fill (8192 - 40) - 819 = 7333 -> 366 a page
        long tuple = Layout.indexTupleBytes(List.of(BIGINT));
        assertThat(tuple).isEqualTo(20);
        // 1,000,000 keys: 2,728 leaf pages (7,333 bytes of 20-byte tuples each), 10 internal pages, a root, the metapage
        assertThat(Layout.btreePages(1_000_000, tuple, 0, 8192, 90)).isEqualTo(1 + 2728 + 10 + 1);
        // 100 distinct keys, 10,000 rows each: posting lists of 6-byte TIDs, ~25 tuples a key
        long dedup = Layout.btreePages(1_000_000, tuple, 100, 8192, 90);
        assertThat(dedup).isLessThan(1 + 2728 / 3 + 10).isGreaterThan(6_000_000 / 7333);
    }

    @Test
    void toastPagesHoldFourChunks() {
        assertThat(Layout.toastPages(0)).isZero();
        assertThat(Layout.toastPages(4)).isEqualTo(1);
        assertThat(Layout.toastPages(5)).isEqualTo(2);
    }
}
