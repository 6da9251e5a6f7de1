package org.ringplc.lang.codegen;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.ValueType;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.lang.program.VariableDescriptor;
import org.ringplc.lang.program.VariableDescriptor.VarKind;
import org.ringplc.lang.sema.ArrayType;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.EnumType;
import org.ringplc.lang.sema.FbType;
import org.ringplc.lang.sema.StringType;
import org.ringplc.lang.sema.StructType;
import org.ringplc.lang.sema.Type;

/**
 * Turns the variables of a live instance into one {@link VariableDescriptor} per elementary
 * leaf (PRODUCT.md §2): FB members become {@code fb.Q}, struct members {@code s.f}, array
 * elements {@code a[3]} / {@code m[1,2]}, recursively. Containers are read once by reflection
 * here; the accessors then hold the innermost object and touch nothing else.
 */
final class VariableFlattener {
    private final AccessorFactory accessors;
    private final List<VariableDescriptor> out = new ArrayList<>();

    /** One variable or member to flatten. */
    record Slot(String name, Type type, VarKind kind, IoAddress address, boolean retain, String jvmName) {
    }

    VariableFlattener(AccessorFactory accessors) {
        this.accessors = accessors;
    }

    List<VariableDescriptor> result() {
        return out;
    }

    void object(Object owner, String prefix, List<Slot> slots) {
        for (Slot s : slots) {
            String path = prefix.isEmpty() ? s.name() : prefix + "." + s.name();
            if (s.type() instanceof ElementaryType || s.type() instanceof EnumType || s.type() instanceof StringType) {
                leaf(path, s.type(), s.kind(), s.address(), s.retain(), accessors.field(owner, s.jvmName(), s.type()));
                continue;
            }
            Object value = read(owner, s.jvmName());
            nested(value, path, s.type(), s.kind(), s.retain());
        }
    }

    private void nested(Object value, String path, Type t, VarKind kind, boolean retain) {
        if (t instanceof FbType fb) {
            List<Slot> members = new ArrayList<>();
            for (FbType.Member m : fb.allMembers()) {
                if (m.kind() == VarKind.IN_OUT) {
                    // an alias of the caller's variable, which is listed where it is declared
                    continue;
                }
                members.add(new Slot(m.name(), m.type(), m.kind(), null, retain, m.jvmName()));
            }
            object(value, path, members);
        } else if (t instanceof StructType st) {
            List<Slot> members = new ArrayList<>();
            for (StructType.Member m : st.members()) {
                members.add(new Slot(m.name(), m.type(), kind, null, retain, m.name()));
            }
            object(value, path, members);
        } else if (t instanceof ArrayType a) {
            int n = a.length();
            for (int i = 0; i < n; i++) {
                String p = path + "[" + indexText(a, i) + "]";
                Type el = a.element();
                if (el instanceof ElementaryType || el instanceof EnumType || el instanceof StringType) {
                    ElementaryType et = el instanceof ElementaryType e ? e : null;
                    int len = el instanceof StringType st ? st.length() : 0;
                    leaf(p, el, kind, null, retain, ArrayAccessors.of(value, i, et, len));
                } else {
                    nested(((Object[]) value)[i], p, el, kind, retain);
                }
            }
        }
    }

    /** {@code 3} or {@code 1,2}: the ST indices of flat offset {@code i}, row-major. */
    private static String indexText(ArrayType a, int flat) {
        int[] idx = new int[a.dims().size()];
        for (int k = a.dims().size() - 1; k >= 0; k--) {
            ArrayType.Dim d = a.dims().get(k);
            idx[k] = d.lo() + flat % d.length();
            flat /= d.length();
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < idx.length; k++) {
            sb.append(k > 0 ? "," : "").append(idx[k]);
        }
        return sb.toString();
    }

    private void leaf(String path, Type t, VarKind kind, IoAddress address, boolean retain, VariableAccessor access) {
        ValueType vt;
        List<String> names = List.of();
        long[] values = new long[0];
        if (t instanceof EnumType e) {
            vt = ValueType.ENUM;
            names = e.elements();
            values = e.values();
        } else if (t instanceof StringType s) {
            vt = s.wide() ? ValueType.WSTRING : ValueType.STRING;
        } else {
            vt = ((ElementaryType) t).valueType;
        }
        out.add(new VariableDescriptor(path, t.name(), vt, kind, address, retain, names, values, access));
    }

    private static Object read(Object owner, String field) {
        try {
            return owner.getClass().getField(field).get(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + field + " in " + owner.getClass().getName(), e);
        }
    }
}
