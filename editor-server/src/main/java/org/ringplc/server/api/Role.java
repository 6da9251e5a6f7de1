package org.ringplc.server.api;

import io.javalin.security.RouteRole;

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
}
