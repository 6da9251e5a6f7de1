package org.ringplc.runtime.task;

import java.util.List;
import java.util.function.Supplier;
import org.ringplc.runtime.MonitorSubscription;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.image.Values;
import org.ringplc.runtime.monitor.SnapshotSubscription;

/**
 * A monitor subscription that follows deploys: when the runtime's view changes, it subscribes
 * again to the paths that still exist (a vanished path is left out of later frames). One reader
 * thread, as for every {@link MonitorSubscription}.
 */
final class FollowingSubscription implements MonitorSubscription {
    private final List<String> paths;
    private final Supplier<ScanRuntime.View> views;
    private ScanRuntime.View bound;
    private SnapshotSubscription inner;

    /**
     * @param v     the view now, whose variable table the paths were checked against
     * @param views the view in effect at each poll
     */
    FollowingSubscription(List<String> paths, ScanRuntime.View v, Supplier<ScanRuntime.View> views)
            throws ValueRejectedException {
        this.paths = List.copyOf(paths);
        this.views = views;
        bind(v);
    }

    private void bind(ScanRuntime.View v) throws ValueRejectedException {
        List<String> present = paths.stream().filter(p -> v.live().variables().find(p) != null).toList();
        inner = new SnapshotSubscription(v.snapshots(), Values.select(v.live().variables(), present));
        bound = v;
    }

    @Override
    public Frame poll() {
        ScanRuntime.View v = views.get();
        if (v != bound) {
            try {
                inner.close();
                bind(v);
            } catch (ValueRejectedException e) {
                return null;
            }
        }
        return inner.poll();
    }

    @Override
    public void close() {
        inner.close();
    }
}
