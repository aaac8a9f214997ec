package dev.tillsync.node.codec;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.tillsync.node.event.Event;
import dev.tillsync.proto.v1.DotProto;
import dev.tillsync.proto.v1.EventProto;
import dev.tillsync.proto.v1.GCounterEntryProto;
import dev.tillsync.proto.v1.GCounterProto;
import dev.tillsync.proto.v1.MoneyProto;
import dev.tillsync.proto.v1.PNCounterProto;
import dev.tillsync.proto.v1.ReplicaIdProto;
import dev.tillsync.proto.v1.SaleCompletedProto;
import dev.tillsync.proto.v1.SaleLineProto;
import dev.tillsync.proto.v1.StockAdjustedProto;
import dev.tillsync.proto.v1.StockReceivedProto;
import dev.tillsync.proto.v1.TimestampProto;
import dev.tillsync.proto.v1.VersionVectorEntryProto;
import dev.tillsync.proto.v1.VersionVectorProto;
import org.junit.jupiter.api.Test;

class MalformedMessageTest {

    private static final ReplicaIdProto TILL = ReplicaIdProto.newBuilder()
            .setNodeId("uk-london/till-1").setIncarnation(0x2aL).build();

    @Test
    void negativeUint64CounterEntryIsRejected() {
        PNCounterProto stock = PNCounterProto.newBuilder()
                .setDecrements(GCounterProto.newBuilder()
                        .addEntries(GCounterEntryProto.newBuilder().setReplica(TILL).setValue(-1L)))
                .build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> CrdtProtoMapper.fromProto(stock))
                .withMessageContaining("counter entry of uk-london/till-1#000000000000002a")
                .withMessageContaining("18446744073709551615")
                .withMessageContaining("at most 9223372036854775807");
    }

    @Test
    void negativeUint64VersionVectorCounterIsRejected() {
        VersionVectorProto vector = VersionVectorProto.newBuilder()
                .addEntries(VersionVectorEntryProto.newBuilder().setReplica(TILL).setCounter(Long.MIN_VALUE))
                .build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> CrdtProtoMapper.fromProto(vector))
                .withMessageContaining("version vector counter of uk-london/till-1#000000000000002a")
                .withMessageContaining("9223372036854775808");
    }

    @Test
    void duplicateReplicaInVersionVectorIsRejected() {
        VersionVectorProto vector = VersionVectorProto.newBuilder()
                .addEntries(VersionVectorEntryProto.newBuilder().setReplica(TILL).setCounter(4))
                .addEntries(VersionVectorEntryProto.newBuilder().setReplica(TILL).setCounter(9))
                .build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> CrdtProtoMapper.fromProto(vector))
                .withMessageContaining("version vector")
                .withMessageContaining("uk-london/till-1#000000000000002a appears twice");
    }

    @Test
    void quantityBeyondLimitFromPeerIsRejected() {
        EventProto adjusted = validEvent()
                .setStockAdjusted(StockAdjustedProto.newBuilder().setSku("85123A").setQuantity(Long.MIN_VALUE)
                        .setReason("count"))
                .build();
        Event event = EventProtoMapper.fromProto(adjusted);

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> EventProtoMapper.requireWithinLimits(event))
                .withMessageContaining("quantity of 85123A: -9223372036854775808")
                .withMessageContaining("at most 1000000000 units either way");
    }

    @Test
    void emptySkuIsRejected() {
        EventProto received = validEvent()
                .setStockReceived(StockReceivedProto.newBuilder().setSku("").setQuantity(12).setReference("PO-7"))
                .build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> EventProtoMapper.fromProto(received))
                .withMessageContaining("sku: empty");
    }

    @Test
    void emptySkuOnSaleLineIsRejected() {
        SaleLineProto line = SaleLineProto.newBuilder().setSku("").setDescription("WHITE METAL LANTERN")
                .setQuantity(6).setUnitPrice(MoneyProto.newBuilder().setScaledAmount(33_900)).build();
        EventProto sale = validEvent()
                .setSaleCompleted(SaleCompletedProto.newBuilder().setTillId("till-1").addLines(line))
                .build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> EventProtoMapper.fromProto(sale))
                .withMessageContaining("sku: empty");
    }

    @Test
    void missingBodyIsRejected() {
        EventProto withoutBody = validEvent().build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> EventProtoMapper.fromProto(withoutBody))
                .withMessageContaining("body is missing");
    }

    @Test
    void invalidBusinessDateIsRejected() {
        EventProto thirteenthMonth = validEvent().setBusinessDate(20101301)
                .setStockReceived(StockReceivedProto.newBuilder().setSku("85123A").setQuantity(12))
                .build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> EventProtoMapper.fromProto(thirteenthMonth))
                .withMessageContaining("business date: 20101301")
                .withMessageContaining("yyyymmdd");
    }

    @Test
    void missingBusinessDateIsRejected() {
        EventProto withoutDate = validEvent().clearBusinessDate()
                .setStockReceived(StockReceivedProto.newBuilder().setSku("85123A").setQuantity(12))
                .build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> EventProtoMapper.fromProto(withoutDate))
                .withMessageContaining("business date: 0");
    }

    @Test
    void dotCounterOfZeroIsRejected() {
        EventProto zeroCounter = validEvent().setDot(DotProto.newBuilder().setReplica(TILL).setCounter(0))
                .setStockReceived(StockReceivedProto.newBuilder().setSku("85123A").setQuantity(12))
                .build();

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> EventProtoMapper.fromProto(zeroCounter))
                .withMessageContaining("dot counter: 0");
    }

    @Test
    void bytesThatAreNotAnEventAreRejected() {
        byte[] truncated = {0x0a, 0x05, 0x0a};

        assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> EventProtoMapper.parse(truncated))
                .withMessageContaining("not a valid EventProto");
    }

    private static EventProto.Builder validEvent() {
        return EventProto.newBuilder()
                .setDot(DotProto.newBuilder().setReplica(TILL).setCounter(42))
                .setTimestamp(TimestampProto.newBuilder().setWallMillis(1_291_191_960_000L))
                .setScope("store:uk-london")
                .setBusinessDate(20101201);
    }
}
