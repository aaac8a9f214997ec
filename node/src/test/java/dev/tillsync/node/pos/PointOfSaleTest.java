package dev.tillsync.node.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Receipt;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.DuplicateReferenceException;
import dev.tillsync.node.store.NodeStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PointOfSaleTest {

    private static final String TILL = "uk-london/till-1";
    private static final Money PRICE = Money.parse("2.55");

    @TempDir
    Path directory;

    private NodeStore store;
    private PointOfSale pointOfSale;

    @BeforeEach
    void openTill() {
        store = NodeStore.open(directory.resolve("till"), NodeStore.Options.defaults(TILL));
        Clock clock = Clock.fixed(Instant.parse("2010-12-01T08:26:00Z"), ZoneOffset.UTC);
        pointOfSale = new PointOfSale(store, new TreePosition(TILL, false), clock);
    }

    @AfterEach
    void closeTill() {
        store.close();
    }

    static Stream<Arguments> invalidSales() {
        SaleLine line = new SaleLine("85123A", "T-LIGHT HOLDER", 2, PRICE);
        List<Tender> paid = List.of(new Tender(TenderKind.CASH, Money.parse("5.10")));
        return Stream.of(
                Arguments.of("no lines", sale("", "", List.of(), paid),
                        "lines: \"none\" (expected: at least one line)"),
                Arguments.of("zero quantity", sale("", "", List.of(new SaleLine("85123A", "x", 0, PRICE)), paid),
                        "lines[0].quantity: 0 (expected: a non-zero number of units)"),
                Arguments.of("quantity beyond limit",
                        sale("", "", List.of(new SaleLine("85123A", "x", 1_000_000_001L, Money.ZERO)),
                                List.of(cash("0"))),
                        "lines[0].quantity: 1000000001 (expected: at most 1000000000 units either way)"),
                Arguments.of("tenders short", sale("", "", List.of(line), List.of(cash("5.00"))),
                        "tenders: \"5.00\" (expected: tenders totalling 5.10"),
                Arguments.of("empty sku",
                        sale("", "", List.of(new SaleLine(" ", "x", 1, PRICE)), List.of(cash("2.55"))),
                        "lines[0].sku: \" \" (expected: a SKU"),
                Arguments.of("negative price",
                        sale("", "", List.of(new SaleLine("85123A", "x", 1, Money.parse("-1"))), List.of(cash("-1"))),
                        "lines[0].unit price: \"-1.00\" (expected: zero or more)"),
                Arguments.of("malformed date", sale("", "2010/12/01", List.of(line), paid),
                        "business date: \"2010/12/01\" (expected: a date written yyyy-MM-dd"),
                Arguments.of("wrong store", sale("fr-paris", "", List.of(line), paid),
                        "store: \"fr-paris\" (expected: this node's own store \"uk-london\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSales")
    void invalidSaleNamesValueAndWritesNothing(String name, SaleRequest request, String expectedMessage) {
        assertThatThrownBy(() -> pointOfSale.recordSale(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(expectedMessage);

        assertThat(store.reader().eventCount()).isZero();
        assertThat(store.vector().counters()).isEmpty();
    }

    @Test
    void receiptNumbersAreUnique() {
        Set<String> receipts = new HashSet<>();
        Set<Dot> dots = new HashSet<>();

        for (int i = 0; i < 200; i++) {
            RecordedSale sale = pointOfSale.recordSale(sale("", "", List.of(new SaleLine("SKU-" + i % 7, "x", 1,
                    PRICE)), List.of(cash("2.55"))));
            receipts.add(sale.receiptNumber());
            dots.add(Receipt.parse(sale.receiptNumber()));
        }

        assertThat(receipts).hasSize(200);
        assertThat(dots).hasSize(200);
        assertThat(store.reader().eventCount()).isEqualTo(200);
    }

    @Test
    void duplicateExternalReferenceIsRejected() {
        SaleRequest first = new SaleRequest("", "", "ann", "", 0, List.of(new SaleLine("85123A", "x", 1, PRICE)),
                List.of(cash("2.55")), "INV-1");
        RecordedSale recorded = pointOfSale.recordSale(first);

        assertThatThrownBy(() -> pointOfSale.recordSale(first))
                .isInstanceOfSatisfying(DuplicateReferenceException.class,
                        e -> assertThat(e.existing()).isEqualTo(recorded.event().dot()))
                .hasMessageContaining("INV-1");
        assertThat(store.reader().eventCount()).isEqualTo(1);
        assertThat(pointOfSale.stockOnHand("", "85123A")).isEqualTo(-1);
    }

    @Test
    void stockQuantityBeyondLimitIsRejected() {
        assertThatThrownBy(() -> pointOfSale.adjustStock("", "85123A", -9_000_000_000_000_000_000L, "count", "", ""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("quantity: -9000000000000000000 (expected: at most 1000000000 units either way)");
        assertThatThrownBy(() -> pointOfSale.receiveStock("", "85123A", 1_000_000_001L, "PO-1", ""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("1000000001 (expected: at most 1000000000");
        assertThat(store.reader().eventCount()).isZero();
    }

    @Test
    void textBeyondLimitIsRejectedShortened() {
        String description = "x".repeat(5_000_000);
        SaleRequest request = sale("", "", List.of(new SaleLine("85123A", description, 1, PRICE)),
                List.of(cash("2.55")));

        assertThatThrownBy(() -> pointOfSale.recordSale(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("lines[0].description: \"" + "x".repeat(60) + "...\" (5000000 characters)"
                        + " (expected: at most 1000 characters)");
        assertThat(store.reader().eventCount()).isZero();
    }

    @Test
    void textLimitCountsCodePoints() {
        String emoji = "\uD83D\uDE00";
        SaleRequest atLimit = sale("", "", List.of(new SaleLine("85123A", emoji.repeat(1_000), 1, PRICE)),
                List.of(cash("2.55")));
        SaleRequest beyondLimit = sale("", "", List.of(new SaleLine("85123A", "a" + emoji.repeat(1_000), 1, PRICE)),
                List.of(cash("2.55")));

        pointOfSale.recordSale(atLimit);

        assertThat(store.reader().eventCount()).isOne();
        assertThatThrownBy(() -> pointOfSale.recordSale(beyondLimit))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("lines[0].description: \"a" + emoji.repeat(59) + "...\" (1001 characters)"
                        + " (expected: at most 1000 characters)");
        assertThat(store.reader().eventCount()).isOne();
    }

    @Test
    void oversizedEventRejected() {
        List<SaleLine> lines = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            lines.add(new SaleLine("SKU-" + i, "\uD83D\uDE00".repeat(1_000), 1, Money.parse("0.01")));
        }

        assertThatThrownBy(() -> pointOfSale.recordSale(sale("", "", lines, List.of(cash("0.70")))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("bytes encoded\" (expected: at most 262144 bytes");
        assertThat(store.reader().eventCount()).isZero();
    }

    @Test
    void eventLargerThanLimitIsRejected() {
        List<SaleLine> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(new SaleLine("SKU-" + i, "d".repeat(1_000), 1, Money.parse("0.01")));
        }

        assertThatThrownBy(() -> pointOfSale.recordSale(sale("", "", lines, List.of(cash("3.00")))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("bytes encoded\" (expected: at most 262144 bytes");
        assertThat(store.reader().eventCount()).isZero();
    }

    /** A stored event with more lines than the decoder accepts could never be read back. */
    @Test
    void saleWithMoreLinesThanAnEventMayHoldIsRejected() {
        List<SaleLine> lines = new ArrayList<>();
        for (int i = 0; i <= dev.tillsync.node.codec.EventProtoMapper.MAX_LINES; i++) {
            lines.add(new SaleLine("SKU-" + i, "x", 1, Money.parse("0.01")));
        }
        Money total = Money.parse("0.01").times(lines.size());

        assertThatThrownBy(() -> pointOfSale.recordSale(sale("", "", lines, List.of(new Tender(TenderKind.CASH,
                total))))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("10001 lines");
        assertThat(store.reader().eventCount()).isZero();
        assertThat(pointOfSale.totals().sales()).isZero();
    }

    private static SaleRequest sale(String storeId, String businessDate, List<SaleLine> lines, List<Tender> tenders) {
        return new SaleRequest(storeId, "", "ann", businessDate, 0, lines, tenders, "");
    }

    private static Tender cash(String amount) {
        return new Tender(TenderKind.CASH, Money.parse(amount));
    }
}
