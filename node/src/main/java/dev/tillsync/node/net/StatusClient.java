package dev.tillsync.node.net;

import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.FrameProto;
import dev.tillsync.proto.v1.HelloProto;
import dev.tillsync.proto.v1.PeerRole;
import dev.tillsync.proto.v1.ProtocolVersionProto;
import dev.tillsync.proto.v1.StatusRequestProto;
import dev.tillsync.proto.v1.StatusTableProto;
import dev.tillsync.proto.v1.TimestampProto;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a node's status over its port as an observer: connects, sends a hello and a status request,
 * and closes once the status table arrives. Used by {@code tillsync status} and by monitors.
 */
public final class StatusClient {

    private StatusClient() {
    }

    /**
     * Returns the status table of the node at {@code host:port}.
     *
     * @throws IllegalStateException if the node cannot be reached or sends no status table in time
     */
    public static StatusTableProto fetch(Transport transport, String host, int port, ProtocolVersionProto version,
                                         long timeoutMillis) {
        CompletableFuture<StatusTableProto> result = new CompletableFuture<>();
        SessionFactory factory = (link, scheduler) -> new ObserverSession(link, version, result);
        var connect = transport.client(factory, (int) timeoutMillis).connect(host, port);
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(done.cause());
            }
        });
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the status of " + host + ":" + port, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the status of " + host + ":" + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no status from " + host + ":" + port + " within " + timeoutMillis
                    + " ms: is a tillsync node listening there?", e);
        } finally {
            connect.channel().close();
        }
    }

    private static final class ObserverSession implements Session {
        private final Link link;
        private final ProtocolVersionProto version;
        private final CompletableFuture<StatusTableProto> result;
        private final LinkStats stats = new LinkStats();

        ObserverSession(Link link, ProtocolVersionProto version, CompletableFuture<StatusTableProto> result) {
            this.link = link;
            this.version = version;
            this.result = result;
        }

        @Override
        public void onOpen() {
            link.send(FrameProto.newBuilder().setHello(HelloProto.newBuilder()
                    .setVersion(version)
                    .setRole(PeerRole.PEER_ROLE_OBSERVER)
                    .setClock(TimestampProto.newBuilder().setWallMillis(System.currentTimeMillis()))).build());
            link.send(FrameProto.newBuilder().setStatusRequest(StatusRequestProto.getDefaultInstance()).build());
        }

        @Override
        public void onFrame(FrameProto frame) {
            if (frame.hasStatusTable()) {
                result.complete(frame.getStatusTable());
                link.close(ErrorCode.ERROR_CODE_UNSPECIFIED, "");
            } else if (frame.hasError()) {
                result.completeExceptionally(new IllegalStateException(frame.getError().getMessage() + " ("
                        + frame.getError().getCode() + ")"));
            }
        }

        @Override
        public void onWritable() {
        }

        @Override
        public void onClosed() {
            result.completeExceptionally(
                    new IllegalStateException("the node closed the link before it sent its status table"));
        }

        @Override
        public LinkStats stats() {
            return stats;
        }
    }
}
