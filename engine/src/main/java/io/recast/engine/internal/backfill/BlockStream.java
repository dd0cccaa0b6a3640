package io.recast.engine.internal.backfill;

import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * The COPY copy method's reading session and its relay: a batch's rows go from {@code COPY ... TO
 * STDOUT} on the reader to {@code COPY ... FROM STDIN} on the batch's own session, message by message,
 * as the server sends them. The reader's statement is its own transaction and only reads, so what the
 * batch commits (rows and progress together) is decided by the batch's session alone.
 */
final class BlockStream implements AutoCloseable {
    private final Connection reader;

    BlockStream(Connection reader) {
        this.reader = reader;
    }

    Connection reader() {
        return reader;
    }

    /** Runs {@code in} on {@code writer} (in its transaction) with the rows {@code out} reads; the rows written. */
    long copy(Connection writer, String out, String in) throws SQLException {
        CopyIn copyIn = writer.unwrap(PGConnection.class).getCopyAPI().copyIn(in);
        CopyOut copyOut = null;
        try {
            copyOut = reader.unwrap(PGConnection.class).getCopyAPI().copyOut(out);
            Chunks chunks = new Chunks(copyIn);
            byte[] data;
            while ((data = copyOut.readFromCopy()) != null) {
                chunks.write(data, 0, data.length);
            }
            chunks.flush();
            return copyIn.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copyOut != null && copyOut.isActive()) {
                cancel(copyOut::cancelCopy, e);
            }
            if (copyIn.isActive()) {
                cancel(copyIn::cancelCopy, e);
            }
            throw e;
        }
    }

    /**
     * --order-by: starts {@code out} on the reader, whose rows {@link Rows#copy} then writes in batches, in
     * its order. The reader's one statement (and its snapshot) lasts until the last row is read.
     */
    Rows rows(String out) throws SQLException {
        Jdbc.query(reader, BackfillSql.sortMemory(false), rs -> rs.getString(1));
        return new Rows(reader.unwrap(PGConnection.class).getCopyAPI().copyOut(out));
    }

    /**
     * The rows of one {@code COPY ... TO STDOUT (FORMAT binary)}, cut into batches. The server sends each
     * row in a message of its own, the header with the first (the protocol's CopyData); each message is
     * checked to hold exactly one row, so that a batch ends where a row does.
     */
    static final class Rows implements AutoCloseable {
        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
        private static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};
        private final CopyOut copyOut;
        private byte[] header;
        private boolean done;

        Rows(CopyOut copyOut) {
            this.copyOut = copyOut;
        }

        /** Whether the last row has been written. */
        boolean done() {
            return done;
        }

        /** Writes the next {@code max} rows (fewer at the end) with {@code in} on {@code writer}, in its transaction. */
        long copy(Connection writer, String in, int max) throws SQLException {
            CopyIn copyIn = writer.unwrap(PGConnection.class).getCopyAPI().copyIn(in);
            Chunks chunks = new Chunks(copyIn);
            try {
                int rows = 0;
                boolean headed = false;
                while (rows < max && !done) {
                    byte[] m = copyOut.readFromCopy();
                    if (m == null) {
                        done = true;
                        break;
                    }
                    int at = 0;
                    if (header == null) {
                        at = headerLength(m);
                        header = Arrays.copyOf(m, at);
                    }
                    if (!headed) {
                        chunks.write(header, 0, header.length);
                        headed = true;
                    }
                    if (m.length - at == 2 && m[at] == TRAILER[0] && m[at + 1] == TRAILER[1]) {
                        continue; // the end: the next read returns null
                    }
                    if (rowEnd(m, at) != m.length) {
                        throw new IllegalStateException("a binary COPY message that is not one row (" + m.length
                                + " bytes): the server sent rows unlike PostgreSQL's protocol says");
                    }
                    chunks.write(m, at, m.length - at);
                    rows++;
                }
                if (headed) {
                    chunks.write(TRAILER, 0, TRAILER.length);
                }
                chunks.flush();
                return copyIn.endCopy();
            } catch (SQLException | RuntimeException e) {
                if (copyIn.isActive()) {
                    cancel(copyIn::cancelCopy, e);
                }
                throw e;
            }
        }

        /** The binary header's length at the start of the first message: signature, flags, extension. */
        private static int headerLength(byte[] m) {
            if (m.length < 19 || !Arrays.equals(m, 0, 11, SIGNATURE, 0, 11)) {
                throw new IllegalStateException("the binary COPY data does not start with its signature");
            }
            return 19 + ByteBuffer.wrap(m, 15, 4).getInt();
        }

        /** Where the row that starts at {@code at} ends: its field count, then each field's length and bytes. */
        private static int rowEnd(byte[] m, int at) {
            ByteBuffer b = ByteBuffer.wrap(m);
            int fields = b.getShort(at);
            int p = at + 2;
            for (int i = 0; i < fields && p + 4 <= m.length; i++) {
                int length = b.getInt(p);
                p += 4 + Math.max(length, 0);
            }
            return p;
        }

        /** Stops the reader's statement if it has not ended. */
        @Override
        public void close() {
            if (copyOut.isActive()) {
                try {
                    copyOut.cancelCopy();
                } catch (SQLException e) {
                    // the reader's session is closed after the copy: its statement ends with it
                }
            }
        }
    }

    /**
     * What goes to the writing session, gathered into CopyData messages of up to 64 kB: the reader's come
     * one per row, and the writing server handles fewer, larger messages faster (a few per cent of the copy).
     */
    private static final class Chunks {
        private final CopyIn copyIn;
        private final byte[] buffer = new byte[64 * 1024];
        private int length;

        Chunks(CopyIn copyIn) {
            this.copyIn = copyIn;
        }

        void write(byte[] data, int offset, int count) throws SQLException {
            if (length + count > buffer.length) {
                flush();
            }
            if (count >= buffer.length) {
                copyIn.writeToCopy(data, offset, count);
                return;
            }
            System.arraycopy(data, offset, buffer, length, count);
            length += count;
        }

        void flush() throws SQLException {
            if (length > 0) {
                copyIn.writeToCopy(buffer, 0, length);
                length = 0;
            }
        }
    }

    private interface Cancel {
        void run() throws SQLException;
    }

    private static void cancel(Cancel c, Exception failure) {
        try {
            c.run();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        Sessions.close(reader);
    }
}
