package org.ringplc.runtime.project;

/**
 * A program instance listed in a task: {@code Main} (instance named like its program) or
 * {@code {instance: Pump1, program: Pump}}.
 *
 * @param instance the instance name
 * @param program  the PROGRAM type name
 * @param line     where it is written in {@code project.yaml}
 * @param column   where it is written in {@code project.yaml}
 */
public record ProgramRef(String instance, String program, int line, int column) {
}
