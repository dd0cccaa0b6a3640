package io.recast.engine.internal.catalog;

/**
 * A user trigger (internal ones and our own excluded). pg_get_triggerdef() always qualifies the
 * table, so the definition splits exactly around " ON table ".
 *
 * @param head    the definition before " ON table ": CREATE [CONSTRAINT] TRIGGER name timing events
 * @param tail    the definition after it: FROM, DEFERRABLE, REFERENCING, FOR EACH, WHEN, EXECUTE
 * @param enabled   pg_trigger.tgenabled: 'O' origin, 'D' disabled, 'R' replica, 'A' always
 * @param inherited a partition's clone of its parent's trigger: attaching the new partition clones it again
 */
public record TriggerDef(String name, String head, String tail, char enabled, String comment, boolean inherited) {
}
