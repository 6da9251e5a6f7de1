package org.ringplc.runtime.retain;

import java.nio.file.Path;
import java.util.List;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RetainStatus;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;

/**
 * A runtime in its own JVM, for the test that kills it with SIGKILL: starts PROJECT with state
 * directory STATE, prints what was restored, and with "count" lets the program count until killed.
 */
public final class RetainChild {
    private RetainChild() {
    }

    public static void main(String[] args) throws Exception {
        LoadedProject p = ProjectLoader.load(List.of(Path.of(args[0])));
        if (p.hasErrors()) {
            System.out.println("errors " + p.formatDiagnostics());
            System.exit(2);
        }
        PlcRuntime rt = Runtimes.start(p, RuntimeOptions.defaults().withStateDirectory(Path.of(args[1])).withRealtime(false));
        RetainStatus rs = rt.status().retain();
        // Main.counting is not retained, so the count cannot move before it is read here
        Object count = rt.variables("Main.count").get(0).value();
        System.out.println("restored from=" + rs.restoredFrom() + " n=" + rs.restored() + " count=" + count);
        if (args.length > 2 && args[2].equals("count")) {
            rt.write("Main.counting", true, "test");
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(120_000);
        rt.close();
    }
}
