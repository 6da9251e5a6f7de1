package org.ringplc.server.ui;

import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves the browser pages from {@code src/main/resources/web/}, with nothing that needs a build
 * step or a CDN (controllers often have no internet). The pages themselves are public; everything
 * they show comes from the authenticated API.
 *
 * <ul>
 *   <li>the main page ({@code /}): status, variables, forcing, and the IDE of {@link IdeAssets};</li>
 *   <li>the online diagram page ({@code /ladder.html}): LD, FBD and SFC bodies drawn from the
 *       project's PLCopen sources and lit by live values, reached from the main page's Diagrams tab.</li>
 * </ul>
 *
 * <p>Both load {@code api.js}, the one client of the JSON API, before their own script.
 */
public final class UiRoutes {
    private UiRoutes() {
    }

    /** URL path -> class path resource. */
    static Map<String, String> files() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("/", "web/index.html");
        for (String f : new String[] {"index.html", "api.js", "app.js", "login.js", "app.css",
                "ladder.html", "ladder-flow.js", "ladder-draw.js", "ladder.js", "ladder.css"}) {
            m.put("/" + f, "web/" + f);
        }
        return m;
    }

    public static void install(Javalin app) {
        StaticFiles.servePage(app, files());
    }
}
