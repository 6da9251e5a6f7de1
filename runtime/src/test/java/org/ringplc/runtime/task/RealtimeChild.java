package org.ringplc.runtime.task;

import java.nio.file.Path;
import java.util.List;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.ProjectLoader;

/** A runtime in a JVM started without CAP_SYS_NICE: prints the status warnings, then whether it scans. */
public final class RealtimeChild {
    private RealtimeChild() {
    }

    public static void main(String[] args) throws Exception {
        try (PlcRuntime rt = Runtimes.start(ProjectLoader.load(List.of(Path.of(args[0]))), RuntimeOptions.defaults().withRealtime(true))) {
            Thread.sleep(200);
            for (String w : rt.status().warnings()) {
                System.out.println("warning: " + w);
            }
            System.out.println("state: " + rt.status().state());
            System.out.println("n: " + rt.variables("Main.n").get(0).value());
        }
    }
}
