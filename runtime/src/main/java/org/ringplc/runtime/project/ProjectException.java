package org.ringplc.runtime.project;

import java.util.List;

/**
 * A project that cannot be loaded: an unreadable path, a YAML syntax error or a {@code project.yaml}
 * that breaks the schema. The message is ready for a person: one line per problem, each naming the
 * file, the line and the key ({@code projects/x/project.yaml:7: tasks[0].interval: "10 parsecs" is
 * not a duration (write 10ms, T#10ms or 1s)}).
 */
public class ProjectException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ProjectException(String problem) {
        this(List.of(problem));
    }

    public ProjectException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** One entry per problem found, in file order. */
    public List<String> problems() {
        return problems;
    }
}
