package dev.tillsync.node.codec;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.tillsync.node.crdt.Crdt;
import dev.tillsync.node.crdt.CrdtGenerators;
import dev.tillsync.node.crdt.DotMap;
import dev.tillsync.node.crdt.GCounter;
import dev.tillsync.node.crdt.GMap;
import dev.tillsync.node.crdt.History;
import dev.tillsync.node.crdt.LwwMap;
import dev.tillsync.node.crdt.LwwRegister;
import dev.tillsync.node.crdt.PNCounter;
import dev.tillsync.node.crdt.Theories;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Money;
import dev.tillsync.proto.v1.DotMapProto;
import dev.tillsync.proto.v1.GCounterProto;
import dev.tillsync.proto.v1.GMapProto;
import dev.tillsync.proto.v1.LwwMapProto;
import dev.tillsync.proto.v1.LwwRegisterProto;
import dev.tillsync.proto.v1.PNCounterProto;
import dev.tillsync.proto.v1.VersionVectorProto;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

/**
 * Round trips of every CRDT type through {@link CrdtProtoMapper}: to the protobuf message and back,
 * and through the message's bytes, on states reached by concurrent histories. Also checks that the
 * encoding is deterministic, as digests of state require.
 */
@ExtendWith(Theories.class)
class CrdtProtoMapperProperties {

    /** The codec of stock counters as values of a {@link GMap}: a serialized {@link PNCounterProto}. */
    static final ValueCodec<PNCounter> PN_COUNTER_CODEC = new ValueCodec<>() {
        @Override
        public ByteString encode(PNCounter value) {
            return CrdtProtoMapper.toProto(value).toByteString();
        }

        @Override
        public PNCounter decode(ByteString bytes) {
            return CrdtProtoMapper.fromProto(parse(PNCounterProto.parser(), bytes.toByteArray()));
        }
    };

    /** The codec of events as values of a {@link DotMap}: a serialized {@code EventProto}. */
    static final ValueCodec<Event> EVENT_CODEC = new ValueCodec<>() {
        @Override
        public ByteString encode(Event value) {
            return EventProtoMapper.toProto(value).toByteString();
        }

        @Override
        public Event decode(ByteString bytes) {
            return EventProtoMapper.parse(bytes.toByteArray());
        }
    };

    private static final Mapping<GCounter, GCounterProto> G_COUNTER = new Mapping<>(CrdtProtoMapper::toProto,
            CrdtProtoMapper::fromProto, GCounterProto.parser());
    private static final Mapping<PNCounter, PNCounterProto> PN_COUNTER = new Mapping<>(CrdtProtoMapper::toProto,
            CrdtProtoMapper::fromProto, PNCounterProto.parser());
    private static final Mapping<LwwRegister<Money>, LwwRegisterProto> LWW_REGISTER = new Mapping<>(
            register -> CrdtProtoMapper.toProto(register, EventProtoMapper.MONEY_CODEC),
            proto -> CrdtProtoMapper.fromProto(proto, EventProtoMapper.MONEY_CODEC), LwwRegisterProto.parser());
    private static final Mapping<LwwMap<String, Money>, LwwMapProto> LWW_MAP = new Mapping<>(
            map -> CrdtProtoMapper.toProto(map, EventProtoMapper.MONEY_CODEC),
            proto -> CrdtProtoMapper.fromProto(proto, EventProtoMapper.MONEY_CODEC), LwwMapProto.parser());
    private static final Mapping<GMap<String, PNCounter>, GMapProto> STOCK_MAP = new Mapping<>(
            map -> CrdtProtoMapper.toProto(map, PN_COUNTER_CODEC),
            proto -> CrdtProtoMapper.fromProto(proto, PN_COUNTER_CODEC), GMapProto.parser());
    private static final Mapping<DotMap<Event>, DotMapProto> EVENT_MAP = new Mapping<>(
            map -> CrdtProtoMapper.toProto(map, EVENT_CODEC),
            proto -> CrdtProtoMapper.fromProto(proto, EVENT_CODEC), DotMapProto.parser());
    private static final Mapping<VersionVector, VersionVectorProto> VERSION_VECTOR = new Mapping<>(
            CrdtProtoMapper::toProto, CrdtProtoMapper::fromProto, VersionVectorProto.parser());

    @Test
    void gCounterRoundTripIsIdentity() {
        assertRoundTripIsIdentity(CrdtGenerators.gCounters(), G_COUNTER);
    }

    @Test
    void pnCounterRoundTripIsIdentity() {
        assertRoundTripIsIdentity(CrdtGenerators.pnCounters(), PN_COUNTER);
    }

    @Test
    void lwwRegisterRoundTripIsIdentity() {
        assertRoundTripIsIdentity(CrdtGenerators.lwwRegisters(), LWW_REGISTER);
    }

    @Test
    void lwwMapRoundTripIsIdentity() {
        assertRoundTripIsIdentity(CrdtGenerators.lwwMaps(), LWW_MAP);
    }

    @Test
    void stockMapRoundTripIsIdentity() {
        assertRoundTripIsIdentity(CrdtGenerators.stockMaps(), STOCK_MAP);
    }

    @Test
    void eventMapRoundTripIsIdentity() {
        assertRoundTripIsIdentity(CrdtGenerators.eventMaps(), EVENT_MAP);
    }

    @Test
    void versionVectorRoundTripIsIdentity() {
        assertRoundTripIsIdentity(CrdtGenerators.versionVectors(), VERSION_VECTOR);
    }

    /** a ⊔ b and b ⊔ a, equal states built in different orders, encode to the same bytes. */
    @Test
    void pnCounterEncodingIsDeterministic() {
        assertMergeOrderLeavesBytesUnchanged(CrdtGenerators.pnCounterHistories(), PN_COUNTER);
    }

    /** a ⊔ b and b ⊔ a encode to the same bytes. */
    @Test
    void lwwMapEncodingIsDeterministic() {
        assertMergeOrderLeavesBytesUnchanged(CrdtGenerators.lwwMapHistories(), LWW_MAP);
    }

    /** a ⊔ b and b ⊔ a encode to the same bytes. */
    @Test
    void stockMapEncodingIsDeterministic() {
        assertMergeOrderLeavesBytesUnchanged(CrdtGenerators.stockHistories(), STOCK_MAP);
    }

    /** a ⊔ b and b ⊔ a encode to the same bytes. */
    @Test
    void eventMapEncodingIsDeterministic() {
        assertMergeOrderLeavesBytesUnchanged(CrdtGenerators.eventHistories(), EVENT_MAP);
    }

    /** a ⊔ b and b ⊔ a encode to the same bytes. */
    @Test
    void versionVectorEncodingIsDeterministic() {
        assertMergeOrderLeavesBytesUnchanged(CrdtGenerators.versionVectorHistories(), VERSION_VECTOR);
    }

    private static <T, P extends Message> void assertRoundTripIsIdentity(Gen<T> states, Mapping<T, P> mapping) {
        qt().forAll(states).checkAssert(state -> {
            P proto = mapping.toProto().apply(state);

            T fromMessage = mapping.fromProto().apply(proto);
            T fromBytes = mapping.fromProto().apply(parse(mapping.parser(), proto.toByteArray()));

            assertThat(fromMessage).isEqualTo(state);
            assertThat(fromBytes).isEqualTo(state);
        });
    }

    private static <T extends Crdt<T>, P extends Message> void assertMergeOrderLeavesBytesUnchanged(
            Gen<History<T>> histories, Mapping<T, P> mapping) {
        qt().forAll(CrdtGenerators.concurrentStates(histories, 2)).checkAssert(states -> {
            T a = states.get(0);
            T b = states.get(1);

            byte[] ab = mapping.toProto().apply(a.merge(b)).toByteArray();
            byte[] ba = mapping.toProto().apply(b.merge(a)).toByteArray();

            assertThat(ab).isEqualTo(ba);
        });
    }

    private static <P extends Message> P parse(Parser<P> parser, byte[] bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The two directions of {@link CrdtProtoMapper} for one type, and the parser of its message. */
    record Mapping<T, P extends Message>(Function<T, P> toProto, Function<P, T> fromProto, Parser<P> parser) {
    }
}
