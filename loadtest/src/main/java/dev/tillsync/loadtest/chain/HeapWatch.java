package dev.tillsync.loadtest.chain;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of this JVM, as two figures. The peak of used heap includes garbage not yet collected.
 * It is the larger of the heap before each collection and a sample every 100 ms. The peak of used
 * heap right after a collection is close to the live set.
 */
final class HeapWatch implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 100;

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final Thread sampler;
    private volatile boolean stopped;

    HeapWatch() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    onCollection(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                }
            }, null, null);
        }
        sampler = new Thread(this::sample, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void onCollection(GarbageCollectionNotificationInfo info) {
        peakUsed.accumulateAndGet(sum(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        peakAfterGc.accumulateAndGet(sum(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
    }

    /** Sums the heap pools, leaving out the others (metaspace, code cache). */
    private static long sum(Map<String, MemoryUsage> pools) {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pools.get(pool.getName());
            if (usage != null && pool.getType() == MemoryType.HEAP) {
                total += usage.getUsed();
            }
        }
        return total;
    }

    private void sample() {
        while (!stopped) {
            peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long peakUsedBytes() {
        return peakUsed.get();
    }

    long peakAfterGcBytes() {
        return peakAfterGc.get();
    }

    static long maxHeapBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
    }
}
