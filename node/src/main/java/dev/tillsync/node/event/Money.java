package dev.tillsync.node.event;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of money with up to four fractional digits, held as the amount times 10,000 in
 * a long. Arithmetic throws {@link ArithmeticException} on overflow instead of wrapping.
 *
 * @param scaled the amount multiplied by 10,000: 2.55 is 25500 and 0.001 is 10
 */
public record Money(long scaled) implements Comparable<Money> {

    /** The number of fractional digits kept. */
    public static final int SCALE = 4;
    public static final Money ZERO = new Money(0);

    private static final long FACTOR = 10_000L;

    /**
     * Parses a plain decimal such as {@code 2.55}, {@code -0.001} or {@code 12}.
     *
     * @throws IllegalArgumentException if {@code text} is not a decimal, has more than four
     *                                  fractional digits that are not zeros, or is too large
     */
    public static Money parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount: \"" + text + "\" is not a decimal number", e);
        }
        return of(value, text);
    }

    /**
     * Returns the money equal to {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} has more than four significant fractional
     *                                  digits or does not fit
     */
    public static Money of(BigDecimal value) {
        return of(value, value.toPlainString());
    }

    private static Money of(BigDecimal value, String text) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount: \"" + text + "\" has more than " + SCALE
                    + " fractional digits (expected: an exact amount such as 2.55 or 0.001)", e);
        }
        try {
            return new Money(scaled.unscaledValue().longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount: \"" + text + "\" is too large", e);
        }
    }

    /** Returns the money of {@code units} whole units. */
    public static Money ofUnits(long units) {
        return new Money(Math.multiplyExact(units, FACTOR));
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(scaled, other.scaled));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(scaled, other.scaled));
    }

    /** Returns this amount times {@code quantity}, exactly. */
    public Money times(long quantity) {
        return new Money(Math.multiplyExact(scaled, quantity));
    }

    public Money negate() {
        return new Money(Math.negateExact(scaled));
    }

    public int signum() {
        return Long.signum(scaled);
    }

    public boolean isNegative() {
        return scaled < 0;
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(scaled, SCALE);
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(scaled, other.scaled);
    }

    /** Returns the amount as a plain decimal with at least two fractional digits: 2.55, 0.001, 12.00. */
    @Override
    public String toString() {
        return format(toBigDecimal());
    }

    /**
     * Returns {@code amount} written as {@link #toString} writes money, for sums that may exceed
     * what money holds: 2.55, 0.001, 12.00.
     */
    public static String format(BigDecimal amount) {
        BigDecimal plain = amount.stripTrailingZeros();
        return plain.scale() < 2 ? plain.setScale(2).toPlainString() : plain.toPlainString();
    }
}
