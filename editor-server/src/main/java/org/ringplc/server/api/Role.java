package org.ringplc.server.api;

import io.javalin.security.RouteRole;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user may do, PRODUCT.md §5. Each role includes the rights of the ones before it.
 */
public enum Role implements RouteRole {
    /** Watch status, variables, forces and the monitor. */
    VIEWER,
    /** Also one-shot writes. */
    OPERATOR,
    /** Also forcing, deploy and start/stop: what changes how the machine behaves until undone. */
    ENGINEER,
    /** Everything, including user management. */
    ADMIN;

    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    /** The name as users write it in the users file and on the command line: {@code engineer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code s} in any case, or empty. */
    public static Optional<Role> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(s.strip())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
