package org.ringplc.runtime.task;

import java.util.List;
import java.util.Objects;
import org.ringplc.runtime.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the tasks from outside and logs what a person should know: a fault (with its ST
 * location), new overruns, and a task that completes no cycle for far longer than its period (a
 * program stuck in an endless loop cannot be stopped on the JVM, but it must not go unnoticed).
 * Scan threads never log themselves (STYLE.md, the hot path): this thread reads their statistics.
 */
final class TaskSupervisor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSupervisor.class);
    /** How often the tasks are looked at: fast enough for a person, negligible for the CPU. */
    static final long PERIOD_MILLIS = 250;
    /** A running task without a new cycle for this many periods (and at least a second) is reported stuck. */
    private static final int STUCK_PERIODS = 100;
    private static final long STUCK_MIN_NANOS = 1_000_000_000L;

    private final String project;
    private final List<ScanTask> tasks;
    private final TaskStatus[] last;
    private final long[] lastProgressNanos;
    private final boolean[] reportedStuck;

    TaskSupervisor(String project, List<ScanTask> tasks) {
        this.project = project;
        this.tasks = tasks;
        this.last = new TaskStatus[tasks.size()];
        this.lastProgressNanos = new long[tasks.size()];
        this.reportedStuck = new boolean[tasks.size()];
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (int i = 0; i < tasks.size(); i++) {
            TaskStatus s = tasks.get(i).status();
            TaskStatus p = last[i];
            if (p == null || s.cycles() != p.cycles() || !s.state().equals("RUN")) {
                lastProgressNanos[i] = now;
                if (reportedStuck[i] && s.cycles() != (p == null ? -1 : p.cycles())) {
                    LOG.info("{}: task {} completes cycles again", project, s.name());
                }
                reportedStuck[i] = false;
            }
            if (p != null && !s.state().equals(p.state())) {
                if (s.state().equals("FAULT")) {
                    LOG.error("{}: task {} FAULT: {}; its outputs were set to 0/FALSE", project, s.name(), s.fault());
                } else {
                    LOG.info("{}: task {} {}", project, s.name(), s.state());
                }
            }
            if (p != null && s.overruns() > p.overruns()) {
                LOG.warn("{}: task {}: {} overrun(s) (interval {} us, last cycle {} us, max {} us)", project, s.name(),
                        s.overruns() - p.overruns(), s.intervalUs(), s.lastUs(), s.maxUs());
            }
            long limit = Math.max(STUCK_MIN_NANOS, s.intervalUs() * 1_000L * STUCK_PERIODS);
            if (s.state().equals("RUN") && !reportedStuck[i] && now - lastProgressNanos[i] > limit) {
                reportedStuck[i] = true;
                LOG.error("{}: task {} has completed no cycle for {} ms: a program may be stuck in an endless loop",
                        project, s.name(), (now - lastProgressNanos[i]) / 1_000_000);
            }
            if (!Objects.equals(p, s)) {
                last[i] = s;
            }
        }
    }
}
