package org.ringplc.runtime.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.ValueType;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.lang.program.VariableDescriptor;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * A hand-written PROGRAM type standing in for compiled ST: elementary variables held in a long[]
 * per instance and a body written in Java. Lets the runtime be tested without the compiler.
 */
public final class FakeProgram implements ProgramType {
    private record Var(String name, ValueType type, VarKind kind, IoAddress address) {
    }

    private final String name;
    private final List<Var> vars = new ArrayList<>();
    private BiConsumer<Vars, TaskClock> body = (v, c) -> { };

    public FakeProgram(String name) {
        this.name = name;
    }

    public FakeProgram var(String var, ValueType type) {
        vars.add(new Var(var, type, VarKind.LOCAL, null));
        return this;
    }

    /** A located variable, e.g. {@code at("in", BOOL, "%IX0.1")}. */
    public FakeProgram at(String var, ValueType type, String address) {
        vars.add(new Var(var, type, address.startsWith("%I") ? VarKind.INPUT : VarKind.LOCAL, parse(address)));
        return this;
    }

    public FakeProgram body(BiConsumer<Vars, TaskClock> body) {
        this.body = body;
        return this;
    }

    static IoAddress parse(String a) {
        IoAddress.Area area = IoAddress.Area.valueOf(a.substring(1, 2));
        IoAddress.Size size = IoAddress.Size.valueOf(a.substring(2, 3));
        String rest = a.substring(3);
        int dot = rest.indexOf('.');
        return dot < 0 ? new IoAddress(area, size, Integer.parseInt(rest), 0)
                : new IoAddress(area, size, Integer.parseInt(rest.substring(0, dot)), Integer.parseInt(rest.substring(dot + 1)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProgramInstance instantiate(RuntimeEnvironment env) {
        return new Instance(env.clock());
    }

    @Override
    public List<VariableDescriptor> variables(ProgramInstance instance) {
        Instance inst = (Instance) instance;
        List<VariableDescriptor> out = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Var v = vars.get(i);
            int slot = i;
            VariableAccessor acc = new VariableAccessor() {
                @Override
                public long get() {
                    return inst.values[slot];
                }

                @Override
                public void set(long raw) {
                    inst.values[slot] = raw;
                }
            };
            out.add(new VariableDescriptor(v.name(), v.type().name(), v.type(), v.kind(), v.address(), false,
                    List.of(), new long[0], acc));
        }
        return out;
    }

    /** Variables of one instance by name, for bodies. */
    public final class Vars {
        private final long[] values;
        private final Map<String, Integer> index = new LinkedHashMap<>();

        Vars(long[] values) {
            this.values = values;
            for (int i = 0; i < vars.size(); i++) {
                index.put(vars.get(i).name(), i);
            }
        }

        // exact-case lookups of small indices: no allocation, so bodies can run in allocation tests
        public long get(String var) {
            return values[index.get(var)];
        }

        public void set(String var, long raw) {
            values[index.get(var)] = raw;
        }

        public boolean bool(String var) {
            return get(var) != 0;
        }
    }

    private final class Instance implements ProgramInstance {
        final long[] values = new long[vars.size()];
        final TaskClock clock;
        final Vars view = new Vars(values);

        Instance(TaskClock clock) {
            this.clock = clock;
        }

        @Override
        public void run() {
            body.accept(view, clock);
        }
    }
}
