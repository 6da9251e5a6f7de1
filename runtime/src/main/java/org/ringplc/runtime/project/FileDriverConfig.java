package org.ringplc.runtime.project;

import java.util.List;
import org.ringplc.lang.program.IoAddress;

/**
 * A driver for files and character devices that hold one value as text, like the Linux sysfs
 * GPIO value files (docs/project-yaml.md, {@code type: file}).
 *
 * @param name       driver name
 * @param task       task name, or null for the first task
 * @param retryNanos how often a missing or failing file is opened again
 * @param files      the files
 * @param line       the line of the entry in {@code project.yaml}
 */
public record FileDriverConfig(String name, String task, long retryNanos, List<Entry> files, int line)
        implements DriverConfig {

    /**
     * One file: read each cycle into an %I address, or written from a %Q address.
     *
     * @param path     the file
     * @param address  %IX/%IB/%IW/%ID/%IL (read) or %QX/... (written)
     * @param signed   whether the value is a signed integer (text "-1"); bits ignore it
     * @param always   for outputs: write every cycle instead of only when the value changed
     */
    public record Entry(String path, IoAddress address, boolean signed, boolean always) {
        public boolean isInput() {
            return address.area() == IoAddress.Area.I;
        }
    }

    @Override
    public int imageEnd(IoAddress.Area area) {
        int end = 0;
        for (Entry e : files) {
            if (e.address().area() == area) {
                end = Math.max(end, e.address().byteOffset() + e.address().size().bytes);
            }
        }
        return end;
    }
}
