package io.recast.cli;

/** How {@code repack} prints its result on stdout. */
public enum OutputFormat {
    text,
    json
}
