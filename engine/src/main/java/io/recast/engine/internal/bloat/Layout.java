package io.recast.engine.internal.bloat;

import java.util.List;

/**
 * How many pages rows take when written afresh, as a rewrite (heap) or an index build (btree) lays
 * them out: the reasoning of ioguix's pgsql-bloat-estimation queries (tuple headers, alignment,
 * null bitmaps, item pointers, fillfactor), written afresh in Java, with btree deduplication (13+)
 * added. Pure arithmetic, no database.
 */
final class Layout {
    /** A page's header. */
    static final int PAGE_HEADER = 24;
    /** A heap tuple's fixed header (HeapTupleHeaderData). */
    static final int HEAP_TUPLE_HEADER = 23;
    /** An index tuple's header (IndexTupleData). */
    static final int INDEX_TUPLE_HEADER = 8;
    /** An index tuple's null bitmap, when it has one. */
    static final int INDEX_NULL_BITMAP = 4;
    /** A line pointer (ItemIdData), one per tuple. */
    static final int ITEM_ID = 4;
    /** A btree page's special space (BTPageOpaqueData). */
    static final int BTREE_OPAQUE = 16;
    /** A heap TID in a btree posting list. */
    static final int POSTING_TID = 6;
    /** The most TIDs one posting-list tuple holds, about a third of a page of 6-byte TIDs. */
    static final int TIDS_PER_POSTING_TUPLE = 400;
    /** Internal btree pages are filled to 70% by a build. */
    static final double INTERNAL_FILL = 0.70;
    static final int MAXALIGN = 8;

    private Layout() {
    }

    /**
     * One column's share of a row: {@code attlen} (-1 varlena, -2 cstring, else fixed), {@code
     * attalign} (c, s, i, d), its average stored width and null fraction from pg_stats (null: none).
     */
    record Column(int attlen, char attalign, boolean dropped, Integer avgWidth, Double nullFraction) {
        boolean hasStatistics() {
            return avgWidth != null;
        }
    }

    static long maxalign(double bytes) {
        long b = (long) Math.ceil(bytes);
        return (b + MAXALIGN - 1) / MAXALIGN * MAXALIGN;
    }

    /** Bytes the columns' values take in an average row, each aligned as its type asks. */
    static double dataWidth(List<Column> columns) {
        double offset = 0;
        for (Column c : columns) {
            if (c.dropped() || !c.hasStatistics()) {
                continue;
            }
            double nulls = c.nullFraction() == null ? 0 : c.nullFraction();
            int width = c.avgWidth();
            // a varlena under 127 bytes is stored with a 1-byte header and no alignment
            boolean aligned = c.attlen() > 0 || width >= 127;
            if (aligned && nulls < 0.5) {
                int a = alignment(c.attalign());
                offset = Math.ceil(offset / a) * a;
            }
            offset += (1 - nulls) * width;
        }
        return offset;
    }

    static boolean anyNulls(List<Column> columns) {
        return columns.stream().anyMatch(c -> !c.dropped() && c.nullFraction() != null && c.nullFraction() > 0);
    }

    /** A heap row's bytes on its page: header with null bitmap, data, alignment and its line pointer. */
    static long heapRowBytes(List<Column> columns, int natts) {
        int header = HEAP_TUPLE_HEADER + (anyNulls(columns) ? (natts + 7) / 8 : 0);
        return maxalign(maxalign(header) + dataWidth(columns)) + ITEM_ID;
    }

    /** Heap pages for {@code rows} rows of {@code rowBytes} each, each page filled to {@code fillfactor}. */
    static long heapPages(double rows, double rowBytes, int blockSize, int fillfactor) {
        if (rows <= 0) {
            return 0;
        }
        double usable = blockSize - PAGE_HEADER - (double) blockSize * (100 - fillfactor) / 100;
        long maxPerPage = (blockSize - PAGE_HEADER) / (maxalign(HEAP_TUPLE_HEADER) + ITEM_ID);
        long perPage = Math.max(1, Math.min(maxPerPage, (long) Math.floor(usable / rowBytes)));
        return (long) Math.ceil(rows / perPage);
    }

    /** TOAST chunks a page holds: the chunk size is chosen so that four full ones fill a page. */
    static final int TOAST_CHUNKS_PER_PAGE = 4;

    /** Pages of a TOAST table holding {@code chunks} chunks, taken as full (the last of each value rarely is). */
    static long toastPages(double chunks) {
        return chunks <= 0 ? 0 : (long) Math.ceil(chunks / TOAST_CHUNKS_PER_PAGE);
    }

    /** An index tuple's bytes on its page, line pointer included. */
    static long indexTupleBytes(List<Column> columns) {
        int header = INDEX_TUPLE_HEADER + (anyNulls(columns) ? INDEX_NULL_BITMAP : 0);
        return maxalign(maxalign(header) + dataWidth(columns)) + ITEM_ID;
    }

    /**
     * The pages of a btree built afresh over {@code rows} entries: leaf pages filled to the
     * fillfactor, internal pages to 70%, the metapage. With {@code distinct} > 0 (deduplication
     * possible and the number of distinct keys known), equal keys share posting-list tuples.
     */
    static long btreePages(double rows, long tupleBytes, double distinct, int blockSize, int fillfactor) {
        if (rows <= 0) {
            return 1;
        }
        double usable = blockSize - PAGE_HEADER - BTREE_OPAQUE;
        double leafFill = usable - (double) blockSize * (100 - fillfactor) / 100;
        double leafBytes;
        if (distinct > 0 && distinct < rows) {
            double perKey = rows / distinct;
            double tuplesPerKey = Math.ceil(perKey / TIDS_PER_POSTING_TUPLE);
            // a key with one TID stays a plain tuple; more share posting lists of 6-byte TIDs
            leafBytes = perKey < 2 ? rows * tupleBytes
                    : distinct * (tuplesPerKey * tupleBytes + perKey * POSTING_TID);
        } else {
            leafBytes = rows * tupleBytes;
        }
        long leaf = Math.max(1, (long) Math.ceil(leafBytes / leafFill));
        long perInternal = Math.max(2, (long) Math.floor(usable * INTERNAL_FILL / tupleBytes));
        long internal = 0;
        for (long level = leaf; level > 1; level = (long) Math.ceil((double) level / perInternal)) {
            internal += (long) Math.ceil((double) level / perInternal);
        }
        return 1 + leaf + internal;
    }

    private static int alignment(char attalign) {
        return switch (attalign) {
            case 'c' -> 1;
            case 's' -> 2;
            case 'i' -> 4;
            default -> 8;
        };
    }
}
