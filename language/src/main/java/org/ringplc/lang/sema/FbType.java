package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * A function block type: either a user FUNCTION_BLOCK (a generated class) or a function block
 * written in Java ({@link org.ringplc.lang.stdlib.FunctionBlock}), such as the standard TON.
 * Both are called the same way: inputs are fields written before the call, outputs fields read
 * after it, and {@code execute()} runs the body.
 */
public final class FbType implements Type {
    private final String name;
    private final Pou decl;
    private final Class<?> javaClass;
    private final List<Member> members = new ArrayList<>();

    /** One member visible from outside or in the variable list. */
    public record Member(String name, Type type, VarKind kind, String jvmName) {
    }

    public FbType(String name, Pou decl, Class<?> javaClass) {
        this.name = name;
        this.decl = decl;
        this.javaClass = javaClass;
    }

    @Override
    public String name() {
        return name;
    }

    /** The user declaration, or null for a Java function block. */
    public Pou decl() {
        return decl;
    }

    public Class<?> javaClass() {
        return javaClass;
    }

    public List<Member> members() {
        return members;
    }

    public Member member(String n) {
        return members.stream().filter(m -> m.name().equalsIgnoreCase(n)).findFirst().orElse(null);
    }

    public String className() {
        return javaClass != null ? javaClass.getName().replace('.', '/') : "st/fb/" + name;
    }
}
