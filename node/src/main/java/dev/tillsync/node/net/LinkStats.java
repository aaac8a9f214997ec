package dev.tillsync.node.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one link, cheap to read from any thread (for status and metrics). A link's counters
 * may roll up into the totals of its node.
 */
public final class LinkStats {

    private final LinkStats total;

    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong framesRejected = new AtomicLong();

    /** Creates counters of their own. */
    public LinkStats() {
        this(null);
    }

    /** Creates counters that also add to {@code total}, such as a node's totals. */
    public LinkStats(LinkStats total) {
        this.total = total;
    }

    public void sent(long bytes, long events) {
        bytesSent.addAndGet(bytes);
        eventsSent.addAndGet(events);
        if (total != null) {
            total.sent(bytes, events);
        }
    }

    public void received(long bytes, long events) {
        bytesReceived.addAndGet(bytes);
        eventsReceived.addAndGet(events);
        if (total != null) {
            total.received(bytes, events);
        }
    }

    public void rejected() {
        framesRejected.incrementAndGet();
        if (total != null) {
            total.rejected();
        }
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    public long eventsReceived() {
        return eventsReceived.get();
    }

    public long framesRejected() {
        return framesRejected.get();
    }
}
