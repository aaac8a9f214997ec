package dev.tillsync.node.codec;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.node.crdt.CrdtGenerators;
import dev.tillsync.node.crdt.Theories;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Item;
import dev.tillsync.proto.v1.EventProto;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Round trips through {@link EventProtoMapper} of events of every kind, with values across each
 * field's range, and of the price and item values that registers hold.
 */
@ExtendWith(Theories.class)
class EventProtoMapperProperties {

    /** fromProto(toProto(e)) = e, also through the bytes of the message and through parse(bytes). */
    @Test
    void eventRoundTripIsIdentity() {
        qt().forAll(CrdtGenerators.events()).checkAssert(event -> {
            EventProto proto = EventProtoMapper.toProto(event);
            byte[] bytes = proto.toByteArray();

            Event fromMessage = EventProtoMapper.fromProto(proto);
            Event fromBytes = EventProtoMapper.fromProto(parseEvent(bytes));
            Event parsed = EventProtoMapper.parse(bytes);

            assertThat(fromMessage).isEqualTo(event);
            assertThat(fromBytes).isEqualTo(event);
            assertThat(parsed).isEqualTo(event);
        });
    }

    /** MONEY_CODEC decodes what it encodes, for every scaled amount. */
    @Test
    void moneyCodecRoundTripIsIdentity() {
        qt().forAll(CrdtGenerators.moneys()).checkAssert(money ->
                assertThat(EventProtoMapper.MONEY_CODEC.decode(EventProtoMapper.MONEY_CODEC.encode(money)))
                        .isEqualTo(money));
    }

    /** ITEM_CODEC decodes what it encodes. */
    @Test
    void itemCodecRoundTripIsIdentity() {
        qt().forAll(CrdtGenerators.items()).checkAssert(item -> {
            Item decoded = EventProtoMapper.ITEM_CODEC.decode(EventProtoMapper.ITEM_CODEC.encode(item));

            assertThat(decoded).isEqualTo(item);
        });
    }

    private static EventProto parseEvent(byte[] bytes) {
        try {
            return EventProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }
}
