package dev.tillsync.node.chain.support;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.pos.RecordedSale;
import dev.tillsync.node.sync.SyncSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One node as its own process, for {@link NodeProcess}: run by tests only, as
 * {@code ChainNodeMain <node id> <data dir> <listen host:port> <parent host:port | none> <sale interval ms>}.
 *
 * <p>It prints {@code LISTENING <host:port>} once the node serves. With a sale interval above 0 it
 * records a one-line sale at that pace and prints {@code RECEIPT <receipt number>} after each sale is
 * durable. It reads commands on stdin: {@code STOP-SELLING} stops the sales and prints
 * {@code SELLING STOPPED}; {@code EXIT}, or the end of stdin, stops the node and exits with 0.
 */
public final class ChainNodeMain {

    private static final int SKUS = 5;

    private volatile boolean selling = true;

    private ChainNodeMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        HostPort parent = "none".equals(args[3]) ? null : HostPort.parse(args[3]);
        NodeRuntime.Config config = new NodeRuntime.Config(args[0], Path.of(args[1]), HostPort.parse(args[2]), parent,
                SyncSettings.defaults(), 5 * 60_000L, 0, null, 500);
        Transport transport = new Transport(0, config.sync().maxFrameBytes(), null, null);
        NodeRuntime node = NodeRuntime.start(config, transport);
        PrintStream out = System.out;
        print(out, "LISTENING " + node.listenAddress());
        ChainNodeMain main = new ChainNodeMain();
        long interval = Long.parseLong(args[4]);
        Thread seller = new Thread(() -> main.sell(node, interval, out), "seller");
        if (interval > 0) {
            seller.start();
        }
        main.readCommands(seller, out);
        node.close();
        transport.close();
        System.exit(0);
    }

    private void sell(NodeRuntime node, long intervalMillis, PrintStream out) {
        long count = 0;
        while (selling) {
            RecordedSale sale = Trading.sell(node, "SKU-" + (count++ % SKUS), 1);
            print(out, "RECEIPT " + sale.receiptNumber());
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readCommands(Thread seller, PrintStream out) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("EXIT"); line = in.readLine()) {
            if (line.equals("STOP-SELLING")) {
                selling = false;
                seller.join();
                print(out, "SELLING STOPPED");
            }
        }
        selling = false;
        seller.join();
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
