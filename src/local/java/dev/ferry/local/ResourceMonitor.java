package dev.ferry.local;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the local run's resources while it runs: heap used and active database connections,
 * sampled periodically, and the heap at every garbage collection.
 *
 * <p>Heap used only grows between collections, so its true peak is the usage just before some
 * collection (reported by the collector's notifications) or, after the last one, the latest
 * sample: {@link #peakHeapBytes()} is the larger of the two. {@link #heapAfterGcBytes()} is the
 * highest heap usage right after a collection, an upper bound of what was live.
 */
final class ResourceMonitor implements AutoCloseable {
    private final LongSupplier activeConnections;
    private final Set<String> heapPools;
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong heapAfterGc = new AtomicLong();
    private final AtomicLong peakConnections = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private ResourceMonitor(LongSupplier activeConnections, Duration interval) {
        this.activeConnections = activeConnections;
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        NotificationListener listener = this::onNotification;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        long millis = Math.max(1, interval.toMillis());
        this.sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "resource-monitor");
        sampler.setDaemon(true);
    }

    /**
     * Starts sampling every {@code interval}, after a full collection so that garbage left by what
     * ran before (loading the sample source) does not count.
     */
    static ResourceMonitor start(LongSupplier activeConnections, Duration interval) {
        System.gc();
        ResourceMonitor monitor = new ResourceMonitor(activeConnections, interval);
        monitor.sample();
        monitor.sampler.start();
        return monitor;
    }

    private void sample() {
        peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
            peakConnections.accumulateAndGet(activeConnections.getAsLong(), Math::max);
        } catch (RuntimeException ignored) {
            // the pool is shutting down
        }
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        peakHeap.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        heapAfterGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
    }

    private long heapUsed(Map<String, MemoryUsage> byPool) {
        return byPool.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }

    long peakHeapBytes() {
        return peakHeap.get();
    }

    long heapAfterGcBytes() {
        return heapAfterGc.get();
    }

    /** The heap's limit (-Xmx), or -1 if it has none. */
    static long maxHeapBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    long peakActiveConnections() {
        return peakConnections.get();
    }

    /** Stops sampling, after one last sample. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        unregister.forEach(Runnable::run);
    }
}
