package dev.tillsync.node.sync;

/**
 * Times that a session's timeouts count from: when its link opened, and when it last received and
 * sent a frame. They come from the scheduler's wall clock. {@link #clampTo} pulls them back when
 * that clock steps back, so each timeout fires within its length and not hours later.
 */
// NOTE: a step of the wall clock forward still closes a link that looks idle early. A monotonic
// clock in Scheduler would avoid that.
final class LinkTimers {

    private final SyncSettings settings;
    private long openedMillis;
    private long lastReceivedMillis;
    private long lastSentMillis;

    LinkTimers(SyncSettings settings) {
        this.settings = settings;
    }

    void opened(long now) {
        openedMillis = now;
        lastReceivedMillis = now;
        lastSentMillis = now;
    }

    void received(long now) {
        lastReceivedMillis = now;
    }

    void sent(long now) {
        lastSentMillis = now;
    }

    /** Pulls every time later than {@code now} back to it, because the wall clock stepped back. */
    void clampTo(long now) {
        openedMillis = Math.min(openedMillis, now);
        lastReceivedMillis = Math.min(lastReceivedMillis, now);
        lastSentMillis = Math.min(lastSentMillis, now);
    }

    boolean handshakeOverdue(long now) {
        return now - openedMillis >= settings.handshakeTimeoutMillis();
    }

    long silentFor(long now) {
        return now - lastReceivedMillis;
    }

    boolean idle(long now) {
        return silentFor(now) >= settings.idleTimeoutMillis();
    }

    boolean heartbeatDue(long now) {
        return now - lastSentMillis >= settings.heartbeatMillis();
    }
}
