package dev.tillsync.loadtest.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.proto.v1.EventProto;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The round trip of a five-line sale through {@link EventProtoMapper}, from {@link Event} to bytes
 * and back, against protobuf-java alone serializing and parsing the same {@link EventProto}.
 *
 * <p>The sale is the first five lines of invoice 536365 of the UCI Online Retail data set, paid in
 * cash. {@code tillsyncRoundTrip} is the cost a node pays per event; {@code protobufRoundTrip} is the
 * floor that protobuf-java sets. The one-way benchmarks split the round trip to show where the time
 * goes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventCodecBenchmark {

    private Event sale;
    private EventProto proto;
    private byte[] bytes;

    @Setup
    public void encodeSale() {
        sale = fiveLineSale();
        proto = EventProtoMapper.toProto(sale);
        bytes = proto.toByteArray();
        if (!EventProtoMapper.parse(bytes).equals(sale)) {
            throw new IllegalStateException("the sale does not survive the round trip: " + sale);
        }
    }

    /** Encodes the sale to bytes and decodes it back: Event to EventProto to bytes to EventProto to Event. */
    @Benchmark
    public void tillsyncRoundTrip(Blackhole blackhole) {
        byte[] encoded = EventProtoMapper.toProto(sale).toByteArray();
        blackhole.consume(EventProtoMapper.parse(encoded));
    }

    /** Serializes and parses the same EventProto with protobuf-java alone, with no mapping. */
    @Benchmark
    public void protobufRoundTrip(Blackhole blackhole) throws InvalidProtocolBufferException {
        byte[] encoded = proto.toByteArray();
        blackhole.consume(EventProto.parseFrom(encoded));
    }

    /** Encodes the sale: Event to EventProto to bytes. */
    @Benchmark
    public void tillsyncEncode(Blackhole blackhole) {
        blackhole.consume(EventProtoMapper.toProto(sale).toByteArray());
    }

    /** Decodes the sale: bytes to EventProto to Event. */
    @Benchmark
    public void tillsyncDecode(Blackhole blackhole) {
        blackhole.consume(EventProtoMapper.parse(bytes));
    }

    /** Serializes the EventProto with protobuf-java alone. */
    @Benchmark
    public void protobufSerialize(Blackhole blackhole) {
        blackhole.consume(proto.toByteArray());
    }

    /** Parses the bytes of the EventProto with protobuf-java alone. */
    @Benchmark
    public void protobufParse(Blackhole blackhole) throws InvalidProtocolBufferException {
        blackhole.consume(EventProto.parseFrom(bytes));
    }

    /** Returns the first five lines of invoice 536365, rung up on till 1 of the London store. */
    public static Event fiveLineSale() {
        List<SaleLine> lines = List.of(
                new SaleLine("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, Money.parse("2.55")),
                new SaleLine("71053", "WHITE METAL LANTERN", 6, Money.parse("3.39")),
                new SaleLine("84406B", "CREAM CUPID HEARTS COAT HANGER", 8, Money.parse("2.75")),
                new SaleLine("84029G", "KNITTED UNION FLAG HOT WATER BOTTLE", 6, Money.parse("3.39")),
                new SaleLine("84029E", "RED WOOLLY HOTTIE WHITE HEART.", 6, Money.parse("3.39")));
        Money total = lines.stream().map(SaleLine::amount).reduce(Money.ZERO, Money::plus);
        EventBody.SaleCompleted body = new EventBody.SaleCompleted("uk-london/till-1", "cashier-17",
                1_291_191_960_000L, lines, List.of(new Tender(TenderKind.CASH, total)), "536365");
        Dot dot = new Dot(new ReplicaId("uk-london/till-1", 0x2b7c_19e4_d03a_5f11L), 536_365);
        // the event's scope, not JMH's Scope imported above
        dev.tillsync.node.event.Scope store = dev.tillsync.node.event.Scope.store("uk-london");
        return new Event(dot, new Timestamp(1_291_191_960_000L, 0), store, LocalDate.of(2010, 12, 1), body);
    }
}
