package dev.tillsync.node.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetailLogTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
            + "Country\n";

    @TempDir
    Path directory;

    @Test
    void quotedFieldsKeepCommasAndQuotes() throws IOException {
        RetailLog log = read("536381,82567,\"AIRLINE LOUNGE,METAL SIGN\",2,2010-12-01 09:41:00,2.1,15311.0,UK\n"
                + "536381,22041,\"RECORD FRAME 7\"\" SINGLE SIZE \",48,2010-12-01 09:41:00,2.1,,UK\n");

        ReplayOperation.Sale sale = (ReplayOperation.Sale) log.operations().get(0);
        assertThat(log.rejectedRows()).isEmpty();
        assertThat(sale.request().lines()).extracting(SaleLine::description)
                .containsExactly("AIRLINE LOUNGE,METAL SIGN", "RECORD FRAME 7\" SINGLE SIZE ");
    }

    @Test
    void invoiceRowsFormOneSaleAtFirstRowTime() throws IOException {
        RetailLog log = read("536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
                + "536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n"
                + "536365,71053,LANTERN,-1,2010-12-01 08:29:00,3.39,17850.0,United Kingdom\n");

        ReplayOperation.Sale sale = (ReplayOperation.Sale) log.operations().get(0);
        assertThat(log.operations()).hasSize(2);
        assertThat(sale.lineNumbers()).containsExactly(2L, 4L);
        assertThat(sale.storeId()).isEqualTo("United Kingdom");
        assertThat(sale.request().externalRef()).isEqualTo("536365");
        assertThat(sale.request().businessDate()).isEqualTo("2010-12-01");
        assertThat(sale.request().completedAtMillis())
                .isEqualTo(Instant.parse("2010-12-01T08:26:00Z").toEpochMilli());
        assertThat(sale.request().lines()).extracting(SaleLine::quantity).containsExactly(6L, -1L);
        assertThat(sale.request().tenders()).containsExactly(new Tender(TenderKind.CASH, Money.parse("11.91")));
    }

    @Test
    void cInvoiceBecomesReturnWithNegatedQuantities() throws IOException {
        RetailLog log = read("C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527.0,United Kingdom\n"
                + "C536379,22556,PLASTERS,-12,2010-12-01 09:41:00,1.65,14527.0,United Kingdom\n");

        ReplayOperation.Return saleReturn = (ReplayOperation.Return) log.operations().get(0);
        assertThat(saleReturn.request().lines()).extracting(SaleLine::quantity).containsExactly(1L, 12L);
        assertThat(saleReturn.request().refunds()).containsExactly(new Tender(TenderKind.CASH,
                Money.parse("47.30")));
        assertThat(saleReturn.request().externalRef()).isEqualTo("C536379");
    }

    @Test
    void zeroPriceRowsBecomeNumberedAdjustments() throws IOException {
        RetailLog log = read("537534,22679,SIGN,5,2010-12-07 11:48:00,0.0,,United Kingdom\n"
                + "537534,22520,,-2,2010-12-07 11:48:00,0,,United Kingdom\n"
                + "537534,22516,RAKE,1,2010-12-07 11:48:00,1.25,,United Kingdom\n");

        List<ReplayOperation> operations = log.operations();
        StockAdjustment first = ((ReplayOperation.Adjustment) operations.get(0)).request();
        StockAdjustment second = ((ReplayOperation.Adjustment) operations.get(1)).request();
        assertThat(operations).hasSize(3);
        assertThat(operations.get(2)).isInstanceOf(ReplayOperation.Sale.class);
        assertThat(first).isEqualTo(new StockAdjustment("United Kingdom", "22679", 5, "SIGN", "537534/1",
                "2010-12-07"));
        assertThat(second).isEqualTo(new StockAdjustment("United Kingdom", "22520", -2, "unspecified", "537534/2",
                "2010-12-07"));
    }

    @Test
    void rowsBreakingRulesAreRejectedWithLineAndReason() throws IOException {
        RetailLog log = read(String.join("\n",
                "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0",
                "536365,85123A,HOLDER,six,2010-12-01 08:26:00,2.55,17850.0,UK",
                "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.5x,17850.0,UK",
                "536365,85123A,HOLDER,6,2010/12/01 08:26,2.55,17850.0,UK",
                "536365,85123A,HOLDER,6,2010-12-01 08:26:00,-2.55,17850.0,UK",
                ",85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,UK",
                "536365,,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,UK",
                "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,UK",
                "536365,85123A,HOLDER,0,2010-12-01 08:26:00,2.55,17850.0,UK",
                "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55001,17850.0,UK",
                "536365,851\u000023A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,UK",
                "536365,85123A,\"HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,UK",
                "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,UK/London",
                "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,UK",
                "536365,85124B,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,France",
                ""));

        assertThat(log.rowCount()).isEqualTo(15);
        assertThat(log.operations()).hasSize(1);
        assertThat(log.rejectedRows()).extracting(RejectedRow::lineNumber)
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 16L);
        assertThat(log.rejectedRows()).extracting(RejectedRow::reason).containsExactly(
                "has 7 fields (expected: 8, InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
                        + "CustomerID,Country)",
                "Quantity: \"six\" (expected: an integer such as 6 or -2, written as an optional minus and the"
                        + " digits 0 to 9)",
                "UnitPrice: \"2.5x\" (expected: digits with an optional point and digits, such as 2.55)",
                "InvoiceDate: \"2010/12/01 08:26\" (expected: yyyy-MM-dd HH:mm:ss, such as 2010-12-01 08:26:00)",
                "UnitPrice: \"-2.55\" (expected: zero or more)",
                "InvoiceNo: empty (expected: an invoice number such as 536365)",
                "StockCode: empty (expected: a stock code such as 85123A)",
                "InvoiceNo: \"A563185\" starts with a letter other than C (expected: a number, or C and a number"
                        + " for a return)",
                "Quantity: 0 (expected: a non-zero integer, because a line moves at least one unit)",
                "UnitPrice: amount: \"2.55001\" has more than 4 fractional digits (expected: an exact amount such"
                        + " as 2.55 or 0.001)",
                "StockCode: contains a NUL character (expected: none, because the store cannot keep it in its keys)",
                "field 3: quoted field is not closed on this line (expected: a closing quote; line breaks inside"
                        + " quoted fields are not supported)",
                "Country: \"UK/London\" is not usable as a store id (expected: 1 to 128 letters, digits, spaces,"
                        + " '.', '_' or '-', starting with a letter or digit)",
                "Country: \"France\" differs from \"UK\" on line 15 of invoice 536365 (expected: one store per"
                        + " invoice)");
        assertThat(log.rejectedRows().get(0)).hasToString("line 2: " + log.rejectedRows().get(0).reason());
    }

    @Test
    void loosePricesAndEarlyYearsRejected() throws IOException {
        RetailLog log = read(String.join("\n",
                "1,A,x,1,2010-12-01 08:26:00,+1.0,,UK",
                "2,A,x,1,2010-12-01 08:26:00,.5,,UK",
                "3,A,x,1,2010-12-01 08:26:00,-0.0,,UK",
                "4,A,x,1,2010-12-01 08:26:00,1.,,UK",
                "5,A,x,1,0000-01-01 00:00:00,1.0,,UK",
                "6,A,x,1,1900-01-01 00:00:00,0.0,,UK",
                ""));

        assertThat(log.rejectedRows()).extracting(RejectedRow::reason).containsExactly(
                "UnitPrice: \"+1.0\" (expected: digits with an optional point and digits, such as 2.55)",
                "UnitPrice: \".5\" (expected: digits with an optional point and digits, such as 2.55)",
                "UnitPrice: \"-0.0\" (expected: zero or more)",
                "UnitPrice: \"1.\" (expected: digits with an optional point and digits, such as 2.55)",
                "InvoiceDate: \"0000-01-01 00:00:00\" (expected: a year from 1900 to 9999)");
        assertThat(log.operations()).hasSize(1);
    }

    @Test
    void otherHeaderIsRejectedNamingIt() throws IOException {
        Path file = directory.resolve("other.csv");
        Files.writeString(file, "Invoice,Code\n1,2\n");

        assertThatThrownBy(() -> RetailLog.read(file, 2))
                .isInstanceOf(InvalidLogException.class)
                .hasMessage("header of " + file + ": \"Invoice,Code\" (expected: InvoiceNo,StockCode,Description,"
                        + "Quantity,InvoiceDate,UnitPrice,CustomerID,Country)");
    }

    @Test
    void fileThatIsNotUtf8IsRejected() throws IOException {
        Path file = directory.resolve("latin1.csv");
        Files.write(file, (HEADER + "539492,gift,Voucher \u00a340,1,2010-12-20 10:14:00,34.04,,UK\n")
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> RetailLog.read(file, 2))
                .isInstanceOf(InvalidLogException.class)
                .hasMessage(file + " is not UTF-8 text: line 2 contains bytes that are not valid UTF-8; convert"
                        + " the file to UTF-8 (for example with iconv -f <its encoding> -t UTF-8), then replay it");
    }

    @Test
    void invalidUtf8IsReportedAtItsOwnLine() throws IOException {
        String row = "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,UK\r\n";
        for (int badLine : new int[] {10, 2000}) {
            Path file = directory.resolve("bad-" + badLine + ".csv");
            StringBuilder text = new StringBuilder(HEADER);
            for (int line = 2; line < badLine; line++) {
                text.append(line % 7 == 0 ? "\n" : row);
            }
            byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] bad = "1,A,caf\u00e9,1,2010-12-01 08:26:00,1,,UK\n".getBytes(StandardCharsets.ISO_8859_1);
            byte[] content = java.util.Arrays.copyOf(good, good.length + bad.length);
            System.arraycopy(bad, 0, content, good.length, bad.length);
            Files.write(file, content);

            assertThatThrownBy(() -> RetailLog.read(file, 2))
                    .isInstanceOf(InvalidLogException.class)
                    .hasMessageContaining("line " + badLine + " contains bytes that are not valid UTF-8")
                    .hasMessageNotContaining("Input length");
        }
    }

    @Test
    void directoryIsRejectedNamingIt() {
        assertThatThrownBy(() -> RetailLog.read(directory, 2))
                .isInstanceOf(InvalidLogException.class)
                .hasMessage(directory + " is a directory (expected: a sales log file in CSV)");
    }

    @Test
    void tillChoiceIsStableAndInRange() {
        assertThat(Tills.tillFor("EIRE", "536365", 2)).isEqualTo("EIRE/till-2");
        assertThat(Tills.tillFor("EIRE", "C536366", 2)).isEqualTo("EIRE/till-1");
        assertThat(Tills.tillFor("EIRE", "536365", 1)).isEqualTo("EIRE/till-1");
        assertThat(Tills.tillFor("EIRE", "99999999999999999999999", 7))
                .isEqualTo("EIRE/till-" + (1 + new java.math.BigInteger("99999999999999999999999").mod(
                        java.math.BigInteger.valueOf(7)).intValue()));
        assertThat(Tills.tillFor("EIRE", "C", 3)).isEqualTo(Tills.tillFor("EIRE", "C", 3)).startsWith("EIRE/till-");
        assertThatThrownBy(() -> Tills.tillFor("EIRE", "1", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private RetailLog read(String rows) throws IOException {
        Path file = directory.resolve("log.csv");
        Files.writeString(file, HEADER + rows);
        return RetailLog.read(file, 2);
    }
}
