package dev.tillsync.node.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one link, cheap to read from any thread (for status and metrics).
 */
public final class LinkStats {

    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong framesRejected = new AtomicLong();

    public void sent(long bytes, long events) {
        bytesSent.addAndGet(bytes);
        eventsSent.addAndGet(events);
    }

    public void received(long bytes, long events) {
        bytesReceived.addAndGet(bytes);
        eventsReceived.addAndGet(events);
    }

    public void rejected() {
        framesRejected.incrementAndGet();
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
