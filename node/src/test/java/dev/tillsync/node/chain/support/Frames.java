package dev.tillsync.node.chain.support;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.sync.Protocol;
import dev.tillsync.proto.v1.AckProto;
import dev.tillsync.proto.v1.EventBatchProto;
import dev.tillsync.proto.v1.EventProto;
import dev.tillsync.proto.v1.EventRangeProto;
import dev.tillsync.proto.v1.FrameProto;
import dev.tillsync.proto.v1.HelloProto;
import dev.tillsync.proto.v1.PeerRole;
import dev.tillsync.proto.v1.ProtocolVersionProto;
import java.time.LocalDate;

/** Builds and inspects frames of the sync protocol for tests that speak it by hand or watch it. */
public final class Frames {

    private Frames() {
    }

    /** Returns the hello a new child with this replica sends, claiming protocol {@code major}.0. */
    public static FrameProto hello(ReplicaId replica, int major) {
        return FrameProto.newBuilder().setHello(HelloProto.newBuilder()
                .setVersion(ProtocolVersionProto.newBuilder().setMajor(major).setMinor(0))
                .setReplica(CrdtProtoMapper.toProto(replica))
                .setEpoch(replica.incarnation() ^ 0x5eed)
                .setRole(PeerRole.PEER_ROLE_CHILD)
                .setClock(CrdtProtoMapper.toProto(new Timestamp(System.currentTimeMillis(), 0)))
                .setVector(CrdtProtoMapper.toProto(VersionVector.empty()))).build();
    }

    /** Returns the hello of a child with the node's own protocol version. */
    public static FrameProto hello(ReplicaId replica) {
        return hello(replica, Protocol.MAJOR_VERSION);
    }

    /** Returns a batch of one event: a one-line sale with the dot (origin, 1) in {@code scope}. */
    public static FrameProto saleBatch(ReplicaId origin, Scope scope) {
        Event sale = new Event(new Dot(origin, 1), new Timestamp(System.currentTimeMillis(), 0), scope,
                LocalDate.now(), saleBody());
        EventRangeProto range = EventRangeProto.newBuilder()
                .setOrigin(CrdtProtoMapper.toProto(origin))
                .setAfterCounter(0)
                .setThroughCounter(1)
                .addEvents(EventProtoMapper.toProto(sale))
                .build();
        return FrameProto.newBuilder().setEventBatch(EventBatchProto.newBuilder().addRanges(range)).build();
    }

    /** Returns a batch of one range that claims the events of {@code origin} through a counter but carries none. */
    public static FrameProto emptyRange(ReplicaId origin, long throughCounter) {
        EventRangeProto range = EventRangeProto.newBuilder()
                .setOrigin(CrdtProtoMapper.toProto(origin))
                .setAfterCounter(0)
                .setThroughCounter(throughCounter)
                .build();
        return FrameProto.newBuilder().setEventBatch(EventBatchProto.newBuilder().addRanges(range)).build();
    }

    private static EventBody.SaleCompleted saleBody() {
        var request = Trading.sale("A", 1);
        return new EventBody.SaleCompleted("", request.cashier(), System.currentTimeMillis(), request.lines(),
                request.tenders(), "");
    }

    /** Returns true if the frame is a batch that carries the event with this dot. */
    public static boolean carries(FrameProto frame, Dot dot) {
        if (!frame.hasEventBatch()) {
            return false;
        }
        for (EventRangeProto range : frame.getEventBatch().getRangesList()) {
            if (!CrdtProtoMapper.fromProto(range.getOrigin()).equals(dot.replica())) {
                continue;
            }
            for (EventProto event : range.getEventsList()) {
                if (event.getDot().getCounter() == dot.counter()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns true if the frame is an acknowledgement that covers the dot. */
    public static boolean acknowledges(FrameProto frame, Dot dot) {
        if (!frame.hasAck()) {
            return false;
        }
        AckProto ack = frame.getAck();
        return CrdtProtoMapper.fromProto(ack.getVector()).get(dot.replica()) >= dot.counter();
    }
}
