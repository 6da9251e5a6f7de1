package org.ringplc.runtime.project;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.project.YamlTree.Entry;
import org.ringplc.runtime.project.YamlTree.ListNode;
import org.ringplc.runtime.project.YamlTree.MapNode;
import org.ringplc.runtime.project.YamlTree.Node;
import org.ringplc.runtime.project.YamlTree.ScalarNode;

/**
 * Reads the {@code io.drivers} entries of the types {@code modbus-tcp-client},
 * {@code modbus-tcp-server} and {@code file}, with the same message shape as
 * {@link ProjectConfigParser} ({@code file:line: key.path: what is wrong}) into the same problem
 * list. Kept apart from that class so that the three driver schemas (docs/project-yaml.md) live
 * in one place.
 */
final class IoDriverParser extends YamlValidator {
    static final String MODBUS_CLIENT = "modbus-tcp-client";
    static final String MODBUS_SERVER = "modbus-tcp-server";
    static final String FILE = "file";
    /** The driver types this class reads. */
    static final List<String> TYPES = List.of(MODBUS_CLIENT, MODBUS_SERVER, FILE);

    /** Default Modbus server port: 502 needs root, 5020 is the usual unprivileged choice. */
    static final int DEFAULT_SERVER_PORT = 5020;
    static final long DEFAULT_TIMEOUT_NANOS = 1_000_000_000L;
    static final long DEFAULT_CONNECT_TIMEOUT_NANOS = 3_000_000_000L;
    static final long DEFAULT_RECONNECT_MAX_NANOS = 5_000_000_000L;
    static final long DEFAULT_FILE_RETRY_NANOS = 1_000_000_000L;
    static final long DEFAULT_WRITE_TIMEOUT_NANOS = 1_000_000_000L;

    private static final Pattern ADDRESS = Pattern.compile("%([IQM])([XBWDL]?)(\\d+)(?:\\.(\\d+))?");
    IoDriverParser(String file, List<String> problems) {
        // driver timeouts are in the hundreds of milliseconds to seconds
        super(file, problems, " is not a duration (write 500ms, T#1s or 2s)");
    }

    /** Reads one driver entry whose {@code type} is one of {@link #TYPES}; null after a problem. */
    DriverConfig parse(String type, MapNode m, String key, int index) {
        return switch (type) {
            case MODBUS_CLIENT -> modbusClient(m, key, index);
            case MODBUS_SERVER -> modbusServer(m, key, index);
            default -> files(m, key, index);
        };
    }

    // ---- modbus-tcp-client ----

    private ModbusClientDriverConfig modbusClient(MapNode m, String key, int index) {
        known(m, key + ".", "type", "name", "task", "devices");
        String name = string(m, key + ".", "name", "modbus" + index);
        String task = string(m, key + ".", "task", null);
        List<ModbusClientDriverConfig.Device> devices = new ArrayList<>();
        Entry e = m.entries().get("devices");
        if (e == null) {
            problem(m, key + ".devices", "missing; list the Modbus servers to poll, each with host and requests");
            return null;
        }
        ListNode list = list(e.value(), key + ".devices");
        if (list == null) {
            return null;
        }
        if (list.items().isEmpty()) {
            problem(e.value(), key + ".devices", "needs at least one device");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            String k = key + ".devices[" + i + "]";
            ModbusClientDriverConfig.Device d = device(list.items().get(i), k, i);
            if (d != null) {
                if (!names.add(d.name().toLowerCase(Locale.ROOT))) {
                    problem(list.items().get(i), k + ".name", "device \"" + d.name() + "\" is declared twice");
                }
                devices.add(d);
            }
        }
        return new ModbusClientDriverConfig(name, task, List.copyOf(devices), m.line());
    }

    private ModbusClientDriverConfig.Device device(Node node, String key, int index) {
        MapNode m = map(node, key);
        if (m == null) {
            return null;
        }
        known(m, key + ".", "name", "host", "port", "unitId", "timeout", "connectTimeout", "reconnectMax",
                "timeoutsBeforeReconnect", "onDisconnect", "status", "requests");
        String name = string(m, key + ".", "name", "device" + index);
        if (m.entries().containsKey("name")) {
            checkName(m.entries().get("name").value(), key + ".name", name);
        }
        String host = required(m, key, "host");
        int port = (int) integer(m, key, "port", 502, 1, 65535);
        int unit = (int) integer(m, key, "unitId", 1, 0, 255);
        long timeout = duration(m, key, "timeout", DEFAULT_TIMEOUT_NANOS);
        long connectTimeout = duration(m, key, "connectTimeout", DEFAULT_CONNECT_TIMEOUT_NANOS);
        long reconnectMax = duration(m, key, "reconnectMax", DEFAULT_RECONNECT_MAX_NANOS);
        int timeouts = (int) integer(m, key, "timeoutsBeforeReconnect", 3, 1, 1000);
        ModbusClientDriverConfig.OnDisconnect onDisconnect = ModbusClientDriverConfig.OnDisconnect.KEEP;
        String od = string(m, key + ".", "onDisconnect", "keep");
        if (od.equalsIgnoreCase("zero")) {
            onDisconnect = ModbusClientDriverConfig.OnDisconnect.ZERO;
        } else if (!od.equalsIgnoreCase("keep")) {
            problem(m.entries().get("onDisconnect").value(), key + ".onDisconnect", "\"" + od + "\" is not keep or zero");
        }
        IoAddress status = statusByte(m, key, "status");
        List<ModbusClientDriverConfig.Request> requests = new ArrayList<>();
        Entry e = m.entries().get("requests");
        if (e == null) {
            problem(m, key + ".requests", "missing; list what to read or write, e.g. "
                    + "- {function: 3, address: 0, count: 10, to: \"%IW0\"}");
        } else {
            ListNode list = list(e.value(), key + ".requests");
            for (int i = 0; list != null && i < list.items().size(); i++) {
                ModbusClientDriverConfig.Request r = request(list.items().get(i), key + ".requests[" + i + "]");
                if (r != null) {
                    requests.add(r);
                }
            }
            if (list != null && list.items().isEmpty()) {
                problem(e.value(), key + ".requests", "needs at least one request");
            }
        }
        if (timeout <= 0 || connectTimeout <= 0 || reconnectMax <= 0 || host == null) {
            return null;
        }
        return new ModbusClientDriverConfig.Device(name, host, port, unit, timeout, connectTimeout, reconnectMax, timeouts,
                onDisconnect, status, List.copyOf(requests));
    }

    private ModbusClientDriverConfig.Request request(Node node, String key) {
        MapNode m = map(node, key);
        if (m == null) {
            return null;
        }
        known(m, key + ".", "function", "address", "count", "to", "from", "write", "status");
        if (!m.entries().containsKey("function")) {
            problem(m, key + ".function", "missing; 1, 2, 3, 4 (read) or 5, 6, 15, 16 (write)");
            return null;
        }
        int fc = (int) integer(m, key, "function", -1, 1, 16);
        int max = switch (fc) {
            case 1, 2 -> 2000;
            case 3, 4 -> 125;
            case 5, 6 -> 1;
            case 15 -> 1968;
            case 16 -> 123;
            default -> -1;
        };
        if (max < 0) {
            if (fc != -1) {
                problem(m.entries().get("function").value(), key + ".function", fc
                        + " is not a supported function code (1, 2, 3, 4, 5, 6, 15, 16)");
            }
            return null;
        }
        boolean read = fc <= 4;
        boolean bits = fc == 1 || fc == 2 || fc == 5 || fc == 15;
        int address = (int) integer(m, key, "address", -1, 0, 65535);
        if (!m.entries().containsKey("address")) {
            problem(m, key + ".address", "missing; the 0-based address on the wire (register 40001 is address 0)");
        }
        int count = (int) integer(m, key, "count", 1, 1, max);
        if (address >= 0 && address + count > 65536) {
            problem(m, key + ".count", "address " + address + " + count " + count + " goes past 65535");
        }
        String field = read ? "to" : "from";
        String other = read ? "from" : "to";
        if (m.entries().containsKey(other)) {
            problem(m.entries().get(other).value(), key + "." + other, (read ? "a read" : "a write") + " takes `"
                    + field + ":`, not `" + other + ":`");
        }
        IoAddress.Area area = read ? IoAddress.Area.I : IoAddress.Area.Q;
        IoAddress image = null;
        Entry ie = m.entries().get(field);
        if (ie == null) {
            problem(m, key + "." + field, "missing; the image address " + (read ? "read values go to" : "written values come from")
                    + ", e.g. " + field + ": \"%" + area + (bits ? "X0.0" : "W0") + "\"");
        } else {
            image = address(ie.value(), key + "." + field);
            if (image != null) {
                if (image.area() != area) {
                    problem(ie.value(), key + "." + field, image + ": function " + fc + " "
                            + (read ? "reads into the %I image" : "writes from the %Q image"));
                    image = null;
                } else if (bits != (image.size() == IoAddress.Size.X)) {
                    problem(ie.value(), key + "." + field, image + ": function " + fc + (bits
                            ? " moves bits; give a bit address such as %" + area + "X0.0"
                            : " moves 16-bit registers; give a word address such as %" + area + "W0"));
                    image = null;
                }
            }
        }
        ModbusClientDriverConfig.WriteMode mode = ModbusClientDriverConfig.WriteMode.ON_CHANGE;
        Entry we = m.entries().get("write");
        if (we != null) {
            String w = string(m, key + ".", "write", "onChange");
            if (read) {
                problem(we.value(), key + ".write", "only write requests (5, 6, 15, 16) take write:");
            } else if (w.equalsIgnoreCase("always")) {
                mode = ModbusClientDriverConfig.WriteMode.ALWAYS;
            } else if (!w.equalsIgnoreCase("onChange")) {
                problem(we.value(), key + ".write", "\"" + w + "\" is not onChange or always");
            }
        }
        IoAddress status = statusByte(m, key, "status");
        if (image == null || address < 0) {
            return null;
        }
        return new ModbusClientDriverConfig.Request(fc, address, count, image, mode, status);
    }

    /** A %IB address for a status byte, or null. */
    private IoAddress statusByte(MapNode m, String key, String field) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return null;
        }
        IoAddress a = address(e.value(), key + "." + field);
        if (a != null && (a.area() != IoAddress.Area.I || a.size() != IoAddress.Size.B)) {
            problem(e.value(), key + "." + field, a + ": a status is an input byte such as %IB10");
            return null;
        }
        return a;
    }

    // ---- modbus-tcp-server ----

    private ModbusServerDriverConfig modbusServer(MapNode m, String key, int index) {
        known(m, key + ".", "type", "name", "task", "bind", "port", "unitId", "maxClients", "writeTimeout", "coils",
                "discreteInputs", "inputRegisters", "holdingRegisters", "memoryRegisters");
        String name = string(m, key + ".", "name", "modbus-server" + index);
        String task = string(m, key + ".", "task", null);
        String bind = string(m, key + ".", "bind", "127.0.0.1");
        int port = (int) integer(m, key, "port", DEFAULT_SERVER_PORT, 0, 65535);
        int unitId = (int) integer(m, key, "unitId", ModbusServerDriverConfig.ANY_UNIT, 0, 255);
        int maxClients = (int) integer(m, key, "maxClients", 16, 1, 1024);
        long writeTimeout = duration(m, key, "writeTimeout", DEFAULT_WRITE_TIMEOUT_NANOS);
        int coils = (int) integer(m, key, "coils", 0, 0, 65536);
        int di = (int) integer(m, key, "discreteInputs", 0, 0, 65536);
        int ir = (int) integer(m, key, "inputRegisters", 0, 0, 65536);
        int hr = (int) integer(m, key, "holdingRegisters", 0, 0, ModbusServerDriverConfig.MEMORY_BASE);
        int mr = (int) integer(m, key, "memoryRegisters", 0, 0, 65536 - ModbusServerDriverConfig.MEMORY_BASE);
        if (writeTimeout <= 0) {
            return null;
        }
        return new ModbusServerDriverConfig(name, task, bind, port, maxClients, writeTimeout, coils, di, ir, hr, mr,
                m.line(), unitId);
    }

    // ---- file ----

    private FileDriverConfig files(MapNode m, String key, int index) {
        known(m, key + ".", "type", "name", "task", "retry", "files");
        String name = string(m, key + ".", "name", "file" + index);
        String task = string(m, key + ".", "task", null);
        long retry = duration(m, key, "retry", DEFAULT_FILE_RETRY_NANOS);
        Entry e = m.entries().get("files");
        if (e == null) {
            problem(m, key + ".files", "missing; list the files, e.g. - {path: /sys/class/gpio/gpio17/value, "
                    + "to: \"%IX0.0\"}");
            return null;
        }
        ListNode list = list(e.value(), key + ".files");
        if (list == null) {
            return null;
        }
        if (list.items().isEmpty()) {
            problem(e.value(), key + ".files", "needs at least one file");
        }
        List<FileDriverConfig.Entry> files = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            String k = key + ".files[" + i + "]";
            MapNode f = map(list.items().get(i), k);
            if (f == null) {
                continue;
            }
            known(f, k + ".", "path", "to", "from", "signed", "write");
            String path = required(f, k, "path");
            if (path != null && !path.startsWith("/")) {
                problem(f.entries().get("path").value(), k + ".path", "\"" + path + "\" must be an absolute path");
                path = null;
            }
            boolean hasTo = f.entries().containsKey("to");
            boolean hasFrom = f.entries().containsKey("from");
            if (hasTo == hasFrom) {
                problem(f, k, "give exactly one of to: \"%IX0.0\" (the file is read) or from: \"%QX0.0\" (it is written)");
                continue;
            }
            String field = hasTo ? "to" : "from";
            IoAddress a = address(f.entries().get(field).value(), k + "." + field);
            IoAddress.Area want = hasTo ? IoAddress.Area.I : IoAddress.Area.Q;
            if (a != null && a.area() != want) {
                problem(f.entries().get(field).value(), k + "." + field, a + ": " + (hasTo
                        ? "a file read goes to an input address (%I...)" : "a file written comes from an output address (%Q...)"));
                a = null;
            }
            boolean signed = bool(f, k, "signed", false);
            boolean always = false;
            Entry we = f.entries().get("write");
            if (we != null) {
                String w = string(f, k + ".", "write", "onChange");
                if (hasTo) {
                    problem(we.value(), k + ".write", "only written files (from:) take write:");
                } else if (w.equalsIgnoreCase("always")) {
                    always = true;
                } else if (!w.equalsIgnoreCase("onChange")) {
                    problem(we.value(), k + ".write", "\"" + w + "\" is not onChange or always");
                }
            }
            if (path != null && a != null) {
                files.add(new FileDriverConfig.Entry(path, a, signed, always));
            }
        }
        if (retry <= 0) {
            return null;
        }
        return new FileDriverConfig(name, task, retry, List.copyOf(files), m.line());
    }

    // ---- values ----

    /** Parses {@code %IX0.3}, {@code %QW4}, {@code %MD2} (CODESYS addressing, see {@link IoAddress}). */
    static IoAddress parseAddress(String text) {
        Matcher x = ADDRESS.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!x.matches()) {
            return null;
        }
        IoAddress.Area area = IoAddress.Area.valueOf(x.group(1));
        IoAddress.Size size = x.group(2).isEmpty() ? IoAddress.Size.X : IoAddress.Size.valueOf(x.group(2));
        long index;
        try {
            index = Long.parseLong(x.group(3));
        } catch (NumberFormatException e) {
            return null;
        }
        boolean bit = size == IoAddress.Size.X;
        if (bit != (x.group(4) != null) || index > 65_535) {
            return null;
        }
        int b = bit ? Integer.parseInt(x.group(4)) : 0;
        if (b > 7) {
            return null;
        }
        return new IoAddress(area, size, (int) index, b);
    }

    private IoAddress address(Node node, String key) {
        if (node instanceof ScalarNode s && s.value() instanceof String text) {
            IoAddress a = parseAddress(text);
            if (a != null) {
                return a;
            }
        }
        problem(node, key, quote(node) + " is not an image address such as \"%IX0.3\", \"%IW2\" or \"%QB1\" "
                + "(quote it: YAML reads % specially)");
        return null;
    }
}
