package org.ringplc.server.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ringplc.runtime.ForceInfo;
import org.ringplc.runtime.MonitorSubscription;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeStatus;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.VariableValue;

/**
 * A PlcRuntime whose "cycles" are advanced by the test ({@link #cycle()}), with a handful of typed
 * variables and the contract's forcing and validation rules, so the web edge can be tested without
 * compiling ST.
 */
final class FakePlcRuntime implements PlcRuntime {
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, ForceInfo> forces = new LinkedHashMap<>();
    private final Map<String, Object> pendingWrites = new LinkedHashMap<>();
    private Map<String, Object> published = Map.of();
    private long publishedCycle;
    private String state = "RUN";
    volatile boolean failStatus;

    FakePlcRuntime() {
        declare("Main.count", "INT", 0L);
        declare("Main.run", "BOOL", false);
        declare("Main.speed", "REAL", new BigDecimal("1E+10"));
        declare("Main.delay", "TIME", "T#1s500ms");
        declare("Main.fb.Q", "BOOL", false);
    }

    private void declare(String path, String type, Object value) {
        types.put(path, type);
        values.put(path, value);
    }

    /** One scan: queued writes, forces, a program that counts, forces again, publish. */
    synchronized void cycle() {
        values.putAll(pendingWrites);
        pendingWrites.clear();
        forces.values().forEach(f -> values.put(f.path(), f.value()));
        if ("RUN".equals(state)) {
            values.put("Main.count", ((Long) values.get("Main.count")) + 1);
        }
        forces.values().forEach(f -> values.put(f.path(), f.value()));
        published = new LinkedHashMap<>(values);
        publishedCycle++;
    }

    @Override
    public synchronized RuntimeStatus status() {
        if (failStatus) {
            throw new IllegalStateException("simulated internal failure with secret detail");
        }
        return new RuntimeStatus(state, "fake-project",
                List.of(new TaskStatus("main", 10_000, publishedCycle, 12, 40, 0, state, null)),
                !forces.isEmpty(), "fallback", "test");
    }

    @Override
    public synchronized List<VariableValue> variables(String prefix) {
        List<VariableValue> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                out.add(new VariableValue(e.getKey(), types.get(e.getKey()), e.getValue(), forces.containsKey(e.getKey())));
            }
        }
        return out;
    }

    private String resolve(String path) throws ValueRejectedException {
        for (String p : types.keySet()) {
            if (p.equalsIgnoreCase(path)) {
                return p;
            }
        }
        throw new ValueRejectedException("unknown variable '" + path + "'");
    }

    private Object convert(String path, Object value) throws ValueRejectedException {
        String type = types.get(path);
        switch (type) {
            case "BOOL":
                if (value instanceof Boolean) {
                    return value;
                }
                if (value instanceof String s && (s.equalsIgnoreCase("TRUE") || s.equalsIgnoreCase("FALSE"))) {
                    return Boolean.parseBoolean(s);
                }
                break;
            case "INT":
                if (value instanceof Long l) {
                    if (l < -32768 || l > 32767) {
                        throw new ValueRejectedException(path + " is INT: " + l + " is out of range -32768..32767");
                    }
                    return l;
                }
                break;
            case "REAL":
                if (value instanceof Number n) {
                    return new BigDecimal(n.toString());
                }
                break;
            default:
                if (value instanceof String s && s.toUpperCase(Locale.ROOT).startsWith("T#")) {
                    return s;
                }
        }
        String article = "AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ";
        throw new ValueRejectedException(path + " is " + type + ": " + value + " is not " + article + type + " value");
    }

    @Override
    public synchronized void write(String path, Object value, String user) throws ValueRejectedException {
        String p = resolve(path);
        pendingWrites.put(p, convert(p, value));
    }

    @Override
    public synchronized void force(String path, Object value, String user) throws ValueRejectedException {
        String p = resolve(path);
        forces.remove(p);
        forces.put(p, new ForceInfo(p, convert(p, value), user, Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Override
    public synchronized void unforce(String path, String user) throws ValueRejectedException {
        String p = resolve(path);
        if (forces.remove(p) == null) {
            throw new ValueRejectedException(p + " is not forced");
        }
    }

    @Override
    public synchronized void unforceAll(String user) {
        forces.clear();
    }

    @Override
    public synchronized List<ForceInfo> forces() {
        return List.copyOf(forces.values());
    }

    @Override
    public synchronized MonitorSubscription monitor(List<String> paths) throws ValueRejectedException {
        List<String> resolved = new ArrayList<>();
        for (String p : paths) {
            resolved.add(resolve(p));
        }
        return new MonitorSubscription() {
            private long seen;

            @Override
            public Frame poll() {
                synchronized (FakePlcRuntime.this) {
                    if (publishedCycle == seen) {
                        return null;
                    }
                    seen = publishedCycle;
                    Map<String, Object> v = new LinkedHashMap<>();
                    resolved.forEach(p -> v.put(p, published.get(p)));
                    return new Frame(publishedCycle, v);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized void start() {
        state = "RUN";
    }

    @Override
    public synchronized void stop() {
        state = "STOP";
    }

    @Override
    public void close() {
    }
}
