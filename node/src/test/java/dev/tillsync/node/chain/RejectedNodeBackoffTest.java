package dev.tillsync.node.chain;

import static dev.tillsync.node.chain.support.ChainFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.TestSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A node its parent rejects for good retries after the maximum backoff and warns once. */
class RejectedNodeBackoffTest {

    private static final List<String> LOGGERS = List.of("dev.tillsync.node.net.ParentConnector",
            "dev.tillsync.node.sync.ParentSession");

    @TempDir
    Path directory;

    private ChainFixture chain;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void startChain() {
        chain = ChainFixture.start(directory, TestSettings.fast());
        logged.start();
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.setLevel(Level.DEBUG);
            logger.addAppender(logged);
        }
    }

    @AfterEach
    void stopChain() {
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.detachAppender(logged);
            logger.setLevel(null);
        }
        chain.close();
    }

    @Test
    void rejectedNodeRetriesAtMaxBackoff() throws InterruptedException {
        long rejectedBefore = chain.store().replicator().totals().framesRejected();
        NodeRuntime.Config config = NodeRuntime.Config.of("s2/till-1", directory.resolve("s2-till-1"), null,
                chain.store().listenAddress()).withBackoffCap(2_000);

        try (NodeRuntime stranger = NodeRuntime.start(config, chain.nodes().transport())) {
            eventually("first rejection").until(() -> rejectedCount(rejectedBefore) >= 1);
            Thread.sleep(4_500);
        }

        assertThat(rejectedCount(rejectedBefore)).as("attempts in about 4.5 s").isBetween(2L, 4L);
        assertThat(logged.list.stream().filter(event -> event.getLevel() == Level.WARN).map(Object::toString))
                .as("warnings").singleElement().asString().contains("s2/till-1 is not a child of s1");
    }

    private long rejectedCount(long before) {
        return chain.store().replicator().totals().framesRejected() - before;
    }
}
