package io.recast.engine.api;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The daily window in which the swap may happen, in the local time of the machine that runs
 * recast; it may wrap past midnight (22:00-02:00). The start is inside, the end outside.
 */
public record CutOverWindow(LocalTime from, LocalTime to) {
    public CutOverWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new InvalidOptionsException("the cut-over window " + from + "-" + to + " is empty");
        }
    }

    /** Reads "02:00-04:00". */
    public static CutOverWindow parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("-");
        try {
            if (parts.length == 2) {
                return new CutOverWindow(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
            }
        } catch (DateTimeParseException e) {
            // below
        }
        throw new InvalidOptionsException("'" + text + "' is not a cut-over window; write HH:MM-HH:MM, e.g. 02:00-04:00");
    }

    public boolean contains(LocalTime t) {
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
