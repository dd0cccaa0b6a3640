package io.recast.engine.internal.backfill;

import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
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
            byte[] data;
            while ((data = copyOut.readFromCopy()) != null) {
                copyIn.writeToCopy(data, 0, data.length);
            }
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
