package dev.tillsync.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.crdt.HybridClock;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tests of the writer thread against a store whose writes can be held and failed, and whose
 * reopens can fail: what happens to queued requests when a write fails, when the writer closes, and
 * when a command fails with an {@link Error}.
 */
class WriterTest {

    private static final int QUEUE_CAPACITY = 8192;

    /** A {@link MemoryKv} whose next write can be held until released, or failed. */
    private static final class ControlledKv extends ForwardingKv {
        final Semaphore writesEntered = new Semaphore(0);
        final AtomicInteger writesToFail = new AtomicInteger();
        final AtomicInteger reopenAttempts = new AtomicInteger();
        volatile CountDownLatch release;
        volatile boolean failReopens;
        volatile boolean failed;

        ControlledKv() {
            super(new MemoryKv("controlled"));
        }

        @Override
        public void write(KvBatch batch, boolean sync) {
            writesEntered.release();
            CountDownLatch gate = release;
            if (gate != null) {
                awaitUninterruptibly(gate);
            }
            if (writesToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                failed = true;
                throw new StoreException(StoreException.Reason.IO_ERROR, "controlled write failure");
            }
            super.write(batch, sync);
        }

        /** Waits as a write in native code does: an interrupt stays pending and does not end the wait. */
        private static void awaitUninterruptibly(CountDownLatch latch) {
            boolean interrupted = false;
            while (true) {
                try {
                    latch.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean reopenIfFailed() {
            if (!failed) {
                return false;
            }
            reopenAttempts.incrementAndGet();
            if (failReopens) {
                throw new StoreException(StoreException.Reason.DISK_FULL, "controlled reopen failure");
            }
            failed = false;
            return true;
        }
    }

    private final ControlledKv kv = new ControlledKv();

    @Test
    void failedReopenIsTriedOncePerGroup() throws Exception {
        try (Writer writer = writer()) {
            kv.writesToFail.set(1);
            kv.failReopens = true;
            CompletableFuture<String> heldRequest = holdNextWrite(writer);
            List<CompletableFuture<String>> queued = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                queued.add(writer.submit(put("queued-" + i)));
            }
            kv.release.countDown();

            assertThat(failure(heldRequest)).isInstanceOf(StoreException.class);
            for (CompletableFuture<String> request : queued) {
                assertThat(failure(request)).isInstanceOf(StoreException.class);
            }
            // groups of at most 512: 2,000 queued requests make 4 groups
            assertThat(kv.reopenAttempts.get()).isBetween(1, 4);
        }
    }

    @Test
    void closeFailsCallersBlockedOnFullQueue() throws Exception {
        Writer writer = writer();
        CompletableFuture<String> heldRequest = holdNextWrite(writer);
        for (int i = 0; i < QUEUE_CAPACITY; i++) {
            writer.submit(put("queued-" + i));
        }
        List<CompletableFuture<String>> blocked = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String key = "blocked-" + i;
            Thread caller = new Thread(() -> {
                CompletableFuture<String> request = writer.submit(put(key));
                synchronized (blocked) {
                    blocked.add(request);
                }
            });
            caller.start();
            callers.add(caller);
        }
        for (Thread caller : callers) {
            awaitWaiting(caller);
        }
        Thread closer = new Thread(writer::close);
        closer.start();
        awaitWaiting(closer);
        kv.release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertThat(heldRequest.get(30, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(closer.isAlive()).isFalse();
        assertThat(blocked).hasSize(4);
        for (CompletableFuture<String> request : blocked) {
            assertThat(failure(request)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("already closed");
        }
    }

    @Test
    void errorInCommandFailsItsRequestAlone() throws Exception {
        try (Writer writer = writer()) {
            CompletableFuture<String> heldRequest = holdNextWrite(writer);
            CompletableFuture<String> before = writer.submit(put("before"));
            CompletableFuture<String> broken = writer.submit(context -> {
                throw new AssertionError("a bug in a command");
            });
            CompletableFuture<String> after = writer.submit(put("after"));
            kv.release.countDown();

            assertThat(heldRequest.get(30, TimeUnit.SECONDS)).isEqualTo("held");
            assertThat(failure(broken)).isInstanceOf(AssertionError.class);
            assertThat(before.get(30, TimeUnit.SECONDS)).isEqualTo("before");
            assertThat(after.get(30, TimeUnit.SECONDS)).isEqualTo("after");
            assertThat(kv.get(Column.PEERS, "after".getBytes(StandardCharsets.UTF_8))).isNotNull();
            assertThat(writer.submit(put("later")).get(30, TimeUnit.SECONDS)).isEqualTo("later");
        }
    }

    private Writer writer() {
        return new Writer("till-1", kv, CommittedState.load(kv, new ReplicaId("till-1", 1)),
                new HybridClock(System::currentTimeMillis, 60_000, Timestamp.ZERO), new MetaCodec(), true);
    }

    /** Submits a request whose write is held until {@code kv.release} is counted down. */
    private CompletableFuture<String> holdNextWrite(Writer writer) throws InterruptedException {
        kv.release = new CountDownLatch(1);
        CompletableFuture<String> heldRequest = writer.submit(put("held"));
        assertThat(kv.writesEntered.tryAcquire(30, TimeUnit.SECONDS)).as("the held write started").isTrue();
        return heldRequest;
    }

    /** A synced put of {@code key} in the peers column that returns the key. */
    private static Writer.Command<String> put(String key) {
        return context -> {
            context.requireSync();
            context.put(Column.PEERS, key.getBytes(StandardCharsets.UTF_8), new byte[] {1});
            return key;
        };
    }

    private static Throwable failure(CompletableFuture<?> request) throws Exception {
        try {
            request.get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as(thread.getName() + " blocked in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
