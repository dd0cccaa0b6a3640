package io.recast.engine.internal.catalog;

import java.util.List;

/**
 * A row-level security policy.
 *
 * @param command ALL, SELECT, INSERT, UPDATE or DELETE
 * @param roles   role names, empty for PUBLIC
 */
public record PolicyDef(String name, boolean permissive, String command, List<String> roles, String using,
                        String withCheck, String comment) {
    public PolicyDef {
        roles = List.copyOf(roles);
    }
}
