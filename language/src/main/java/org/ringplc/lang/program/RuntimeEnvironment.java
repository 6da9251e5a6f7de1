package org.ringplc.lang.program;

/**
 * What a program instance receives from the runtime when it is created: the clock of the task
 * it runs in and the instance holding the configuration's VAR_GLOBALs (shared by all program
 * instances of one project).
 *
 * @param clock   the clock of the instance's task
 * @param globals the global variables instance, or null when the project has none
 */
public record RuntimeEnvironment(TaskClock clock, Object globals) {
}
