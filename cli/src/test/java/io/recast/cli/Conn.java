package io.recast.cli;

import io.recast.engine.testkit.PgFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The test database as command-line options: -h, -p, -d and -U, as a user would give them. */
final class Conn {
    private Conn() {
    }

    static String[] options() {
        PgFixture pg = PgFixture.get();
        String[] hpd = pg.hostPortDb();
        return new String[] {"-h", hpd[0], "-p", hpd[1], "-d", hpd[2], "-U", pg.user()};
    }

    /** The command, then the connection options. */
    static String[] args(String... command) {
        List<String> all = new ArrayList<>(Arrays.asList(command));
        all.addAll(Arrays.asList(options()));
        return all.toArray(String[]::new);
    }
}
