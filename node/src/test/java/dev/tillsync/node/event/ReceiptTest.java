package dev.tillsync.node.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptTest {

    @Test
    void receiptNumberHasNodeIdIncarnationAndCounter() {
        Dot dot = new Dot(new ReplicaId("uk-london/till-3", 35), 42);

        String number = Receipt.number(dot);

        assertThat(number).isEqualTo("uk-london/till-3-z-42");
    }

    @Test
    void receiptNumberRoundTripsToItsDot() {
        List<Dot> dots = List.of(
                new Dot(new ReplicaId("uk-london/till-3", 0x2b7c_19e4_d03a_5f11L), 42),
                new Dot(new ReplicaId("hq", 0), 1),
                new Dot(new ReplicaId("fr-paris-2/till-10", -1L), Long.MAX_VALUE),
                new Dot(new ReplicaId("till-", 0x8000_0000_0000_0000L), 7));

        for (Dot dot : dots) {
            String number = Receipt.number(dot);

            Dot parsed = Receipt.parse(number);

            assertThat(parsed).as("parse(%s)", number).isEqualTo(dot);
        }
    }

    @Test
    void numberThatIsNotAReceiptIsRejected() {
        for (String number : List.of("536365", "till-42", "-z-42", "till-3-!-42", "till-3-z-0")) {
            assertThatIllegalArgumentException()
                    .as("parse(%s)", number)
                    .isThrownBy(() -> Receipt.parse(number))
                    .withMessageContaining("receipt number: \"" + number + "\"");
        }
    }
}
