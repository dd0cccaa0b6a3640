package io.recast.engine.api;

import java.time.Duration;

/**
 * A policy file's settings for the tables (and their indexes) whose name matches {@code pattern}
 * ({@code *} any characters, {@code ?} one; matched against name, schema.name and the quoted
 * name); each null setting keeps the run's.
 *
 * @param pattern         which tables
 * @param exclude         never touch them
 * @param minSizeBytes    their minimum size
 * @param minBloatPercent their reclaimable share that warrants a rewrite
 * @param minDeadPercent  their dead rows' share that warrants a VACUUM
 * @param minInterval     how long after recast last did something to them before it does again
 */
public record TablePolicy(String pattern, Boolean exclude, Long minSizeBytes, Integer minBloatPercent,
                          Integer minDeadPercent, Duration minInterval) {
    public TablePolicy {
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidOptionsException("a table policy needs a table pattern");
        }
        if (minSizeBytes != null && minSizeBytes < 0) {
            throw new InvalidOptionsException("min-size of " + pattern + " must not be negative");
        }
        if (minBloatPercent != null && (minBloatPercent < 0 || minBloatPercent > 100)) {
            throw new InvalidOptionsException("min-bloat of " + pattern + " must be a percentage (0-100), was "
                    + minBloatPercent);
        }
        if (minDeadPercent != null && (minDeadPercent < 0 || minDeadPercent > 100)) {
            throw new InvalidOptionsException("min-dead of " + pattern + " must be a percentage (0-100), was "
                    + minDeadPercent);
        }
        if (minInterval != null && minInterval.isNegative()) {
            throw new InvalidOptionsException("min-interval of " + pattern + " must not be negative");
        }
    }
}
