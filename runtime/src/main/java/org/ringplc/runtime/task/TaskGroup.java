package org.ringplc.runtime.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.drivers.Drivers;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.force.Command;
import org.ringplc.runtime.force.ForceTable;
import org.ringplc.runtime.monitor.Snapshots;
import org.ringplc.runtime.project.DriverConfig;
import org.ringplc.runtime.project.IoBackend;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.retain.RetainStore;
import org.ringplc.runtime.task.LiveProject.LiveTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ScanTask}s of the running project and what they share: the epoch their cycle grid,
 * task clocks and traces count from, the I/O backend the runtime reports, and the supervisor
 * thread that watches them. {@link #open} creates and opens one task per task of a project;
 * {@link #shutdownAll} ends them all, so a restart opens the next project's tasks in the same
 * group.
 *
 * <p>Kept apart from {@link ScanRuntime}, which decides when to launch, stop or restart, so that
 * how tasks are built (drivers, request queues, generations, initial snapshots) and how a set of
 * them is started, stopped and reported is in one place. Logs under the runtime's name, as it did
 * when this was part of the runtime.
 *
 * <p>Threading: what reads the task list ({@link #status}, {@link #driverStatus},
 * {@link #retainSources}, {@link #tasks}) and the I/O backend may be called from any thread (the
 * list is copy-on-write, the backend volatile); every other method is called with the runtime's
 * lock held (or by its factory, before the runtime is shared).
 */
final class TaskGroup {
    private static final Logger LOG = LoggerFactory.getLogger(ScanRuntime.class);

    /** In project order; replaced element by element by a restart. */
    private final List<ScanTask> tasks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService supervisor;
    private ScheduledFuture<?> supervision;
    private volatile String ioBackend = "none";
    private volatile String ioBackendReason = "no I/O drivers configured";
    private long epoch;
    private long epochMillis;

    TaskGroup() {
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringplc-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the tasks of {@code live}, each with its drivers, its request queue (added to
     * {@code queues}, in task order) and its first generation, publishes and captures their initial
     * values, and opens them one by one (each scan thread opens its I/O). A task opened before one
     * that fails stays in the group, so that {@link #shutdownAll} ends its thread.
     */
    void open(LiveProject live, Snapshots snapshots, List<Queue<Command>> queues, IoBackend backend,
              boolean realtime) throws ProjectException {
        epoch = System.nanoTime();
        epochMillis = System.currentTimeMillis();
        VariableAccessor[] access = live.accessors();
        for (LiveTask t : live.tasks()) {
            List<ImageDriver> taskDrivers = new ArrayList<>();
            for (DriverConfig dc : t.plan().drivers()) {
                taskDrivers.add(Drivers.create(dc, t.plan().name()));
            }
            Queue<Command> queue = new ConcurrentLinkedQueue<>();
            queues.add(queue);
            int i = t.index();
            Generation g = Generation.of(live, i, live.image(), new ForceTable(access, queue), snapshots);
            // initial (or restored) values, published and captured by this thread before the scan thread runs
            snapshots.buffer(i).publish(0);
            if (g.retain() != null) {
                g.retain().captureNow();
            }
            ScanTask task = new ScanTask(g, backend, live.project().config().io().sqpoll(), live.image(), taskDrivers,
                    epoch, realtime);
            tasks.add(task);
            task.open();
            if (ioBackend.equals("none") && !task.ioBackend().equals("none")) {
                ioBackend = task.ioBackend();
                ioBackendReason = task.ioBackendReason();
            }
        }
    }

    /**
     * What the system refused of the real-time settings, one line per refusal naming the tasks and
     * the remedy, each logged once.
     */
    List<String> realtimeRefusals(String project) {
        Map<String, List<String>> byRefusal = new LinkedHashMap<>();
        for (ScanTask t : tasks) {
            RealtimeThreads.Outcome o = t.realtimeOutcome();
            if (o == null) {
                continue;
            }
            for (String r : o.refusals()) {
                byRefusal.computeIfAbsent(r, k -> new ArrayList<>()).add(t.name());
            }
        }
        List<String> out = new ArrayList<>();
        byRefusal.forEach((refusal, names) -> {
            String w = "task " + String.join(", ", names) + ": " + refusal;
            out.add(w);
            LOG.warn("{}: {}", project, w);
        });
        return out;
    }

    /** Starts the supervisor watching the tasks open now. */
    void supervise(String project) {
        supervision = supervisor.scheduleAtFixedRate(new TaskSupervisor(project, List.copyOf(tasks)),
                TaskSupervisor.PERIOD_MILLIS, TaskSupervisor.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void unsupervise() {
        if (supervision != null) {
            supervision.cancel(false);
            supervision = null;
        }
    }

    void startAll() {
        tasks.forEach(ScanTask::start);
    }

    /** Stops every task, each at its next cycle boundary; logs those that did not stop in time. */
    void stopAll() {
        for (ScanTask t : tasks) {
            if (!t.stop()) {
                LOG.error("task {} did not stop within {} ms: a program is stuck in a loop", t.name(),
                        TaskPolicy.STOP_TIMEOUT_MILLIS);
            }
        }
    }

    /** Ends every task's thread (which closes its I/O) and empties the group. */
    void shutdownAll() {
        for (ScanTask t : tasks) {
            if (!t.shutdown()) {
                LOG.error("task {} did not end within {} ms: a program is stuck in a loop", t.name(),
                        TaskPolicy.STOP_TIMEOUT_MILLIS);
            }
        }
        tasks.clear();
        ioBackend = "none";
        ioBackendReason = "no I/O drivers configured";
    }

    /** Ends the supervisor thread; the group is not used afterwards. */
    void close() {
        supervisor.shutdownNow();
    }

    /** The tasks themselves (copy-on-write, so iterating it is safe from any thread). */
    List<ScanTask> tasks() {
        return tasks;
    }

    int size() {
        return tasks.size();
    }

    List<TaskStatus> status() {
        return tasks.stream().map(ScanTask::status).toList();
    }

    List<DriverStatus> driverStatus() {
        return tasks.stream().flatMap(t -> t.driverStatus().stream()).toList();
    }

    /** Each task's retain buffer with whether it is running, for the retain writer. */
    List<RetainStore.Source> retainSources() {
        List<RetainStore.Source> out = new ArrayList<>();
        for (ScanTask t : tasks) {
            out.add(new RetainStore.Source(t.generation().retain(), t.state() == TaskState.RUN, t.periodNanos()));
        }
        return out;
    }

    /** "iouring", "fallback" or "none": the backend of the first task with drivers. */
    String ioBackend() {
        return ioBackend;
    }

    String ioBackendReason() {
        return ioBackendReason;
    }

    /** {@link System#nanoTime()} when the tasks were opened. */
    long epoch() {
        return epoch;
    }

    /** {@link System#currentTimeMillis()} at {@link #epoch()}. */
    long epochMillis() {
        return epochMillis;
    }
}
