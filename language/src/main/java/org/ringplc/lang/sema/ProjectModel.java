package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ringplc.lang.ast.Configuration;
import org.ringplc.lang.ast.Pou;

/**
 * The analysed project: every type and POU by case-insensitive name, the globals, the
 * configuration, and (after the check phase) the {@link Typing} of all bodies.
 */
public final class ProjectModel {
    final Map<String, Type> types = new LinkedHashMap<>();
    final Map<String, PouSymbol> pous = new LinkedHashMap<>();
    final Map<String, VarSymbol> globals = new LinkedHashMap<>();
    final List<StructType> structs = new ArrayList<>();
    final List<Configuration> configurations = new ArrayList<>();
    final Typing typing = new Typing();
    final Map<String, org.ringplc.lang.ast.TypeDefinition.Alias> aliases = new LinkedHashMap<>();

    /** The limits a declared type has when it is a subrange, directly or through a TYPE alias; else null. */
    public Subrange subrangeOf(org.ringplc.lang.ast.TypeRef ref) {
        if (ref instanceof org.ringplc.lang.ast.TypeRef.Subrange) {
            return typing.subranges.get(ref);
        }
        if (ref instanceof org.ringplc.lang.ast.TypeRef.Named n && aliases.containsKey(n.name().toLowerCase(Locale.ROOT))) {
            return subrangeOf(aliases.get(n.name().toLowerCase(Locale.ROOT)).type());
        }
        return null;
    }

    /** The subrange of the elements when {@code ref} declares an array of a subrange type; else null. */
    public Subrange elementSubrangeOf(org.ringplc.lang.ast.TypeRef ref) {
        if (ref instanceof org.ringplc.lang.ast.TypeRef.Array a) {
            return subrangeOf(a.element());
        }
        if (ref instanceof org.ringplc.lang.ast.TypeRef.Named n && aliases.containsKey(n.name().toLowerCase(Locale.ROOT))) {
            return elementSubrangeOf(aliases.get(n.name().toLowerCase(Locale.ROOT)).type());
        }
        return null;
    }

    /** The initial value of a declaration: its own, else the one of its TYPE alias ({@code TYPE T : INT := 5;}), else null. */
    public org.ringplc.lang.ast.Initializer initialValue(org.ringplc.lang.ast.VarDecl d) {
        if (d == null) {
            return null;
        }
        return d.init() != null ? d.init() : aliasInit(d.type());
    }

    private org.ringplc.lang.ast.Initializer aliasInit(org.ringplc.lang.ast.TypeRef ref) {
        if (ref instanceof org.ringplc.lang.ast.TypeRef.Named n && aliases.containsKey(n.name().toLowerCase(Locale.ROOT))) {
            org.ringplc.lang.ast.TypeDefinition.Alias a = aliases.get(n.name().toLowerCase(Locale.ROOT));
            return a.init() != null ? a.init() : aliasInit(a.type());
        }
        return null;
    }

    /**
     * The element type as written of an array declared by {@code ref} ({@code Lvl} for
     * {@code ARRAY[1..3] OF Lvl}, also when {@code ref} names an array TYPE), or null when it is
     * not an array: its own initial value ({@link #typeInitialValue}) is the elements'.
     */
    public org.ringplc.lang.ast.TypeRef elementTypeRef(org.ringplc.lang.ast.TypeRef ref) {
        if (ref instanceof org.ringplc.lang.ast.TypeRef.Array a) {
            return a.element();
        }
        if (ref instanceof org.ringplc.lang.ast.TypeRef.Named n && aliases.containsKey(n.name().toLowerCase(Locale.ROOT))) {
            return elementTypeRef(aliases.get(n.name().toLowerCase(Locale.ROOT)).type());
        }
        return null;
    }

    /** The initial value a TYPE written {@code ref} has of its own ({@code TYPE Lvl : INT := 50;}), through aliases; else null. */
    public org.ringplc.lang.ast.Initializer typeInitialValue(org.ringplc.lang.ast.TypeRef ref) {
        return aliasInit(ref);
    }

    public List<org.ringplc.lang.ast.TypeDefinition.Alias> aliases() {
        return new ArrayList<>(aliases.values());
    }

    /** Records the subrange limits of a declaration (after all types are resolved). */
    void recordRanges(org.ringplc.lang.ast.VarDecl d) {
        Subrange r = subrangeOf(d.type());
        if (r != null) {
            typing.declRanges.put(d, r);
        }
        Subrange e = elementSubrangeOf(d.type());
        if (e != null) {
            typing.elementRanges.put(d, e);
        }
    }

    public Type type(String name) {
        return types.get(name.toLowerCase(Locale.ROOT));
    }

    public PouSymbol pou(String name) {
        return pous.get(name.toLowerCase(Locale.ROOT));
    }

    public List<PouSymbol> pous() {
        return new ArrayList<>(pous.values());
    }

    public List<PouSymbol> pous(Pou.Kind kind) {
        return pous.values().stream().filter(p -> p.kind() == kind).toList();
    }

    public VarSymbol global(String name) {
        return globals.get(name.toLowerCase(Locale.ROOT));
    }

    public List<VarSymbol> globals() {
        return new ArrayList<>(globals.values());
    }

    public List<StructType> structs() {
        return structs;
    }

    public List<InterfaceType> interfaces() {
        return types.values().stream().filter(t -> t instanceof InterfaceType).map(t -> (InterfaceType) t).toList();
    }

    public List<FbType> javaFunctionBlocks() {
        return types.values().stream().filter(t -> t instanceof FbType f && f.javaClass() != null)
                .map(t -> (FbType) t).toList();
    }

    public List<Configuration> configurations() {
        return configurations;
    }

    public Typing typing() {
        return typing;
    }
}
