package org.ringplc.server.api;

import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.List;

/**
 * One HTTP route the server registered: what {@code /api/openapi.json} and the tests compare
 * against, so no route can be added without its role being checked and its description written.
 *
 * @param method GET, POST, ...
 * @param path   as registered, e.g. {@code /api/force}
 * @param role   the least role that may call it, or null for a public route (login, the page)
 */
public record RouteInfo(String method, String path, Role role) {

    public boolean isPublic() {
        return role == null;
    }

    /** Keeps the HTTP endpoints among Javalin's registered handlers (not before/after filters). */
    static void record(HandlerMetaInfo info, List<RouteInfo> into) {
        HandlerType m = info.getHttpMethod();
        if (!m.isHttpMethod() || m == HandlerType.HEAD || m == HandlerType.OPTIONS) {
            return;
        }
        Role role = null;
        for (RouteRole r : info.getRoles()) {
            if (r instanceof Role x) {
                role = x;
            }
        }
        into.add(new RouteInfo(m.name(), info.getPath(), role));
    }
}
