package io.recast.engine.internal.catalog;

/**
 * A security label on the table ({@code column} null) or on one of its columns, set again on the new
 * table before the copy: {@code SECURITY LABEL FOR provider ON TABLE|COLUMN ... IS label}. The
 * provider (sepgsql, or any module that registers one) must be loaded in the run's sessions, as it
 * is wherever such labels exist.
 */
public record SecurityLabel(String column, String provider, String label) {
}
