package dev.tillsync.node.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.net.StatusClient;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.sync.Protocol;
import dev.tillsync.proto.v1.ChildStatusProto;
import dev.tillsync.proto.v1.NodeStatusProto;
import dev.tillsync.proto.v1.StatusTableProto;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tillsync status}: prints a running node's sync state and the table of its children. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Prints a running node's own sync state (parent link, events not yet acknowledged,"
                + " where its events are durable, digests) and the table of its children (connected, last seen,"
                + " backlog, last sale, digest match, refused duplicates).")
final class StatusCommand implements Callable<Integer> {

    /** An incarnation as JsonFormat prints a fixed64: a quoted decimal number. */
    private static final Pattern INCARNATION = Pattern.compile("(\"incarnation\": \")([0-9]+)\"");

    @Spec
    private CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "HOST:PORT",
            description = "Listen address of the node to ask.")
    private String node;

    @Option(names = "--json", description = "Print the status table as JSON.")
    private boolean json;

    @Option(names = "--timeout-ms", defaultValue = "5000", paramLabel = "MS",
            description = "How long to wait for the answer, in milliseconds. Default: ${DEFAULT-VALUE}.")
    private long timeoutMillis;

    @Override
    public Integer call() throws Exception {
        OptionChecks.requireBetween("--timeout-ms", timeoutMillis, 1, Integer.MAX_VALUE);
        HostPort address;
        try {
            address = HostPort.parse(node);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage());
        }
        StatusTableProto table;
        try (Transport transport = new Transport(1, 16 << 20, null, null)) {
            table = StatusClient.fetch(transport, address.host(), address.port(), Protocol.VERSION, timeoutMillis);
        } catch (IllegalStateException e) {
            throw new CommandFailedException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? json(table) : render(table, System.currentTimeMillis()));
        out.flush();
        return 0;
    }

    static String render(StatusTableProto table, long nowMillis) {
        StringBuilder text = new StringBuilder();
        NodeStatusProto self = table.getSelf();
        text.append("node ").append(self.getNodeId()).append(" (incarnation ")
                .append(ReplicaId.hex(self.getReplica().getIncarnation())).append(")\n");
        String parent = self.getParentAddress().isEmpty() ? "none (root)" : self.getParentAddress() + ", "
                + parentLink(self);
        text.append("  parent: ").append(parent).append('\n');
        text.append("  events of this subtree: ").append(self.getEventsDurableLocally()).append(" stored here, ")
                .append(self.getEventsDurableAtParent()).append(" at the parent, ")
                .append(self.getEventsDurableAtRoot()).append(" at the root\n");
        text.append("  waiting for the parent: ").append(self.getUnacknowledgedEvents()).append(" events");
        if (self.getOldestUnacknowledgedMillis() > 0) {
            text.append(", oldest ").append(age(nowMillis - self.getOldestUnacknowledgedMillis())).append(" old");
        }
        text.append("\n  last sale: ").append(instant(self.getLastSaleMillis())).append('\n');
        text.append(String.format("%nchildren (%d)%n", table.getChildrenCount()));
        text.append(String.format("  %-28s %-10s %-12s %9s %-20s %-8s%n", "node", "link", "last seen", "backlog",
                "last sale", "digests"));
        for (ChildStatusProto child : table.getChildrenList()) {
            text.append(String.format("  %-28s %-10s %-12s %9d %-20s %-8s%n", child.getNodeId(),
                    child.getConnected() ? "connected" : "down", age(nowMillis - child.getLastSeenMillis()) + " ago",
                    child.getStatus().getUnacknowledgedEvents(), instant(child.getStatus().getLastSaleMillis()),
                    child.getDigestsMatch() ? "match" : "differ"));
            if (!child.getRefusedReason().isEmpty()) {
                text.append("    REFUSED ").append(child.getRefusedReason()).append(", ")
                        .append(age(nowMillis - child.getRefusedAtMillis())).append(" ago\n");
            }
        }
        return text.toString().stripTrailing();
    }

    private static String parentLink(NodeStatusProto self) {
        if (self.getParentConnected()) {
            return "connected";
        }
        return self.getParentEverConnected() ? "NOT connected" : "not connected yet";
    }

    /** Returns the table as JSON, with each incarnation in hexadecimal as in the text output and the logs. */
    static String json(StatusTableProto table) throws InvalidProtocolBufferException {
        return INCARNATION.matcher(JsonFormat.printer().print(table)).replaceAll(match -> match.group(1)
                + ReplicaId.hex(Long.parseUnsignedLong(match.group(2))) + "\"");
    }

    private static String instant(long millis) {
        return millis == 0 ? "none" : Instant.ofEpochMilli(millis).toString().substring(0, 19).replace('T', ' ');
    }

    private static String age(long millis) {
        Duration age = Duration.ofMillis(Math.max(0, millis));
        if (age.toHours() > 0) {
            return age.toHours() + "h" + age.toMinutesPart() + "m";
        }
        if (age.toMinutes() > 0) {
            return age.toMinutes() + "m" + age.toSecondsPart() + "s";
        }
        return age.toSeconds() + "s";
    }
}
