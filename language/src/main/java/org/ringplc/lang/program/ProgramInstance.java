package org.ringplc.lang.program;

/**
 * A live instance of a compiled PROGRAM: the class the code generator emits for each PROGRAM
 * implements this. One call of {@link #run()} is one execution of the program body in a cycle.
 *
 * <p>Runtime faults in user logic surface as Java exceptions thrown by {@link #run()}
 * (ArithmeticException for an integer division by zero, ArrayIndexOutOfBoundsException, ...) or
 * as {@link PlcFault}; their stack traces carry the ST file and line (the generated classes have a
 * SourceFile attribute naming the ST file and line numbers from the ST spans), which
 * {@link PlcFault#locate(Throwable)} turns into the fault location. Scan thread only.
 */
public interface ProgramInstance {
    void run();
}
