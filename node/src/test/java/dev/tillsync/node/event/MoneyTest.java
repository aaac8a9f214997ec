package dev.tillsync.node.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void subPennyPriceParsesExactly() {
        Money price = Money.parse("0.001");

        assertThat(price.scaled()).isEqualTo(10);
        assertThat(price.toBigDecimal()).isEqualByComparingTo("0.001");
        assertThat(price).hasToString("0.001");
    }

    @Test
    void fourFractionalDigitsAreKept() {
        Money price = Money.parse("0.0001");

        assertThat(price.scaled()).isEqualTo(1);
        assertThat(price).hasToString("0.0001");
    }

    @Test
    void fiveFractionalDigitsAreRejectedWithClearMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Money.parse("0.00001"))
                .withMessageContaining("\"0.00001\"")
                .withMessageContaining("more than 4 fractional digits")
                .withMessageContaining("such as 2.55 or 0.001");
    }

    @Test
    void trailingZerosBeyondFourDigitsAreAccepted() {
        Money price = Money.parse("2.550000");

        assertThat(price).isEqualTo(Money.parse("2.55"));
    }

    @Test
    void subPennyAmountsAddAndMultiplyExactly() {
        Money price = Money.parse("0.001");

        Money total = price.times(3).plus(Money.parse("2.55"));

        assertThat(total).isEqualTo(Money.parse("2.553"));
        assertThat(Money.of(new BigDecimal("2.553"))).isEqualTo(total);
    }

    @Test
    void wholeAmountsPrintWithTwoDigits() {
        assertThat(Money.parse("12")).hasToString("12.00");
        assertThat(Money.parse("-0.5")).hasToString("-0.50");
    }

    @Test
    void textThatIsNotADecimalIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Money.parse("2,55"))
                .withMessageContaining("\"2,55\" is not a decimal number");
    }
}
