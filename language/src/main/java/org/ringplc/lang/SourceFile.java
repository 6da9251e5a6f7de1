package org.ringplc.lang;

/**
 * One source given to the compiler.
 *
 * @param name the path as diagnostics should print it (relative to the project or as given on
 *             the command line), also the SourceFile attribute of generated classes
 * @param text the whole text
 */
public record SourceFile(String name, String text) {
}
