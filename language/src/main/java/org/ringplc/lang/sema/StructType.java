package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.ast.VarDecl;

/**
 * A user {@code STRUCT}: members in declaration order. Filled after creation because members may
 * name other user types declared later in the sources.
 */
public final class StructType implements Type {
    private final String name;
    private final List<Member> members = new ArrayList<>();

    /** One member, with its declaration for the initial value. */
    public record Member(String name, Type type, VarDecl decl) {
    }

    public StructType(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    public List<Member> members() {
        return members;
    }

    public Member member(String n) {
        return members.stream().filter(m -> m.name().equalsIgnoreCase(n)).findFirst().orElse(null);
    }

    /** The JVM internal name of the generated class. */
    public String className() {
        return "st/type/" + name;
    }
}
