package org.ringplc.server.ui;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The scripts and styles of the browser IDE (monitoring tree, watch list, trends, editor) from
 * {@code src/main/resources/web/ide/}, and the parts of CodeMirror 5 it uses from the CodeMirror
 * WebJar on the classpath (Maven Central; controllers often have no internet, so nothing comes from
 * a CDN). Like the pages of {@link UiRoutes}, a fixed list read once at start.
 */
public final class IdeAssets {
    private static final String CODEMIRROR = "META-INF/resources/webjars/codemirror/";

    private IdeAssets() {
    }

    /** URL path -> class path resource. */
    static Map<String, String> files() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : new String[] {"values.js", "tree.js", "watch.js", "trend.js", "zip.js", "editor.js", "views.js",
                "st-mode.js", "ide.css"}) {
            m.put("/ide/" + f, "web/ide/" + f);
        }
        String cm = CODEMIRROR + codeMirrorVersion() + "/";
        m.put("/vendor/codemirror/codemirror.js", cm + "lib/codemirror.js");
        m.put("/vendor/codemirror/codemirror.css", cm + "lib/codemirror.css");
        m.put("/vendor/codemirror/yaml.js", cm + "mode/yaml/yaml.js");
        return m;
    }

    public static void install(Javalin app) {
        StaticFiles.serveAssets(app, files());
    }

    /** The version of the CodeMirror WebJar the build put on the classpath. */
    private static String codeMirrorVersion() {
        try (InputStream in = IdeAssets.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/codemirror/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the CodeMirror WebJar is missing from the classpath; the build is broken");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
