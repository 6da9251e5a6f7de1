package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An INTERFACE (IEC 61131-3 ed. 3 §6.6.6): method prototypes and properties that function blocks
 * IMPLEMENT. It is a JVM interface, so a variable of an interface type holds any implementing
 * function block instance and a call through it is one {@code invokeinterface}.
 */
public final class InterfaceType implements Type {
    private final String name;
    private final List<InterfaceType> bases = new ArrayList<>();
    private final Map<String, MethodSymbol> methods = new LinkedHashMap<>();

    public InterfaceType(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    public List<InterfaceType> bases() {
        return bases;
    }

    /** Own methods and property accessors. */
    public Map<String, MethodSymbol> ownMethods() {
        return methods;
    }

    /** The method or property accessor with key {@code n} ({@link MethodSymbol#key()}), here or in a base. */
    public MethodSymbol method(String n) {
        MethodSymbol m = methods.get(n);
        for (int i = 0; m == null && i < bases.size(); i++) {
            m = bases.get(i).method(n);
        }
        return m;
    }

    /** Every method including those of the bases. */
    public List<MethodSymbol> allMethods() {
        List<MethodSymbol> out = new ArrayList<>(methods.values());
        for (InterfaceType b : bases) {
            for (MethodSymbol m : b.allMethods()) {
                if (out.stream().noneMatch(o -> o.key().equals(m.key()))) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** True if this interface is {@code other} or extends it. */
    public boolean extendsOrIs(InterfaceType other) {
        return this == other || bases.stream().anyMatch(b -> b.extendsOrIs(other));
    }

    public String className() {
        return "st/itf/" + name;
    }
}
