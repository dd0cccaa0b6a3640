package io.recast.engine.api;

import io.recast.engine.api.CheckItem.Status;
import java.util.List;
import java.util.Optional;

/**
 * What the pre-flight check ({@code Recast.check}) found; it changed nothing.
 *
 * @param table the table, quoted and qualified when it exists, else as given
 * @param items the findings in a fixed order; a check that cannot apply (no estimate for a table
 *              that is not eligible) is left out
 */
public record CheckReport(String table, List<CheckItem> items) {
    public CheckReport {
        items = List.copyOf(items);
    }

    /** The FAIL items: {@code repack} refuses while any is there. */
    public List<CheckItem> hardFailures() {
        return items.stream().filter(i -> i.status() == Status.FAIL).toList();
    }

    public List<CheckItem> warnings() {
        return items.stream().filter(i -> i.status() == Status.WARN).toList();
    }

    /** The worst status of any item; OK for no items. */
    public Status status() {
        return items.stream().map(CheckItem::status).max(Enum::compareTo).orElse(Status.OK);
    }

    /** The item of that name ({@link CheckItem#ELIGIBILITY}, ...), if it was checked. */
    public Optional<CheckItem> item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
