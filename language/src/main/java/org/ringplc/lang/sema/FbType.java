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
    private FbType base;
    private final List<InterfaceType> interfaces = new ArrayList<>();
    private final java.util.Map<String, MethodSymbol> methods = new java.util.LinkedHashMap<>();
    private boolean isAbstract;

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

    /** Own members and, first, those inherited from the base (EXTENDS). */
    public List<Member> allMembers() {
        if (base == null) {
            return members;
        }
        List<Member> all = new ArrayList<>(base.allMembers());
        all.addAll(members);
        return all;
    }

    public Member member(String n) {
        return allMembers().stream().filter(m -> m.name().equalsIgnoreCase(n)).findFirst().orElse(null);
    }

    /** The function block this one EXTENDS, or null. */
    public FbType base() {
        return base;
    }

    void setBase(FbType b) {
        base = b;
    }

    public List<InterfaceType> interfaces() {
        return interfaces;
    }

    public boolean isAbstract() {
        return isAbstract;
    }

    void setAbstract(boolean a) {
        isAbstract = a;
    }

    /** Own methods and property accessors by {@link MethodSymbol#key()}. */
    public java.util.Map<String, MethodSymbol> ownMethods() {
        return methods;
    }

    /** The method or accessor with {@code key} here or inherited, or null. */
    public MethodSymbol method(String key) {
        MethodSymbol m = methods.get(key);
        return m != null || base == null ? m : base.method(key);
    }

    /** True if this function block is {@code other} or derives from it. */
    public boolean derivesFrom(FbType other) {
        return this == other || base != null && base.derivesFrom(other);
    }

    /** True if this function block (or a base) implements {@code itf} or an interface extending it. */
    public boolean implementsInterface(InterfaceType itf) {
        return interfaces.stream().anyMatch(i -> i.extendsOrIs(itf)) || base != null && base.implementsInterface(itf);
    }

    public String className() {
        return javaClass != null ? javaClass.getName().replace('.', '/') : "st/fb/" + name;
    }
}
