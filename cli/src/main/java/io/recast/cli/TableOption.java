package io.recast.cli;

import picocli.CommandLine.Option;

/** {@code --table}, as repack, alter and check take it: the table the command works on. */
public final class TableOption {
    @Option(names = "--table", required = true, paramLabel = "TABLE",
            description = "The table, as PostgreSQL parses it: orders, public.orders, "
                    + "'acc.\"Mixed Case\"' (quote mixed case and special characters as in SQL).")
    String name;
}
