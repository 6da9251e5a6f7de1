package org.ringplc.runtime.sim;

/**
 * A runtime fault of user logic during a simulation: which task and program instance, where in
 * the ST sources, in which cycle and what went wrong. The message reads
 * {@code src/main.st:12: division by zero (task main, instance Main, cycle 3)}.
 */
public class PlcFaultException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String task;
    private final String instance;
    private final String location;
    private final String fault;
    private final long cycle;

    /**
     * @param task     the task name
     * @param instance the program instance that faulted
     * @param location ST {@code file:line}, or null when not known
     * @param fault    what went wrong ("division by zero")
     * @param cycle    the 1-based cycle number
     * @param cause    what compiled code threw
     */
    public PlcFaultException(String task, String instance, String location, String fault, long cycle, Throwable cause) {
        super((location == null ? "" : location + ": ") + fault + " (task " + task + ", instance " + instance
                + ", cycle " + cycle + ")", cause);
        this.task = task;
        this.instance = instance;
        this.location = location;
        this.fault = fault;
        this.cycle = cycle;
    }

    public String task() {
        return task;
    }

    public String instance() {
        return instance;
    }

    /** ST {@code file:line}, or null. */
    public String location() {
        return location;
    }

    /** What went wrong, without location. */
    public String fault() {
        return fault;
    }

    public long cycle() {
        return cycle;
    }
}
