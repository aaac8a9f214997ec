package dev.tillsync.node.chain;

import static dev.tillsync.node.chain.support.ChainFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.Frames;
import dev.tillsync.node.chain.support.RawPeer;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.chain.support.Trading;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Scope;
import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.ErrorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Hostile or broken input on a store's port, sent by hand over a plain socket. Each kind must close
 * that link with its error code, be counted and logged once, change nothing stored, and leave the
 * store serving its real till.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final String TILL = "s1/till-1";
    private static final List<String> LOGGERS = List.of("dev.tillsync.node.net.SessionHandler",
            "dev.tillsync.node.sync.InboundSession");

    /** What a hostile peer sends once connected. */
    @FunctionalInterface
    interface Attack {
        void send(RawPeer peer) throws IOException;
    }

    private ChainFixture chain;
    private NodeRuntime till;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    void startChain(@TempDir Path directory) {
        chain = ChainFixture.start(directory, TestSettings.fast());
        chain.store().pos().receiveStock("", "A", 100, "delivery 1", "");
        till = chain.startTill(TILL);
        chain.awaitConverged();
        logged.start();
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.setLevel(Level.WARN);
            logger.addAppender(logged);
        }
    }

    @AfterAll
    void stopChain() {
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.detachAppender(logged);
            logger.setLevel(null);
        }
        if (chain != null) {
            chain.close();
        }
    }

    Stream<Arguments> attacks() {
        int maxFrameBytes = TestSettings.fast().maxFrameBytes();
        return Stream.of(
                Arguments.of("oversized frame", (Attack) peer -> peer.sendRaw(oversizedFrameStart(maxFrameBytes)),
                        ErrorCode.ERROR_CODE_MALFORMED_FRAME),
                Arguments.of("bytes that are not a FrameProto", (Attack) peer -> peer.sendRaw(garbageFrame()),
                        ErrorCode.ERROR_CODE_MALFORMED_FRAME),
                Arguments.of("hello of protocol version 2", (Attack) peer -> peer.send(Frames.hello(
                        replica("s1/till-7"), 2)), ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION),
                Arguments.of("hello of another store's till", (Attack) peer -> peer.send(Frames.hello(
                        replica("s2/till-1"))), ErrorCode.ERROR_CODE_NOT_A_CHILD),
                Arguments.of("hello of the store's parent", (Attack) peer -> peer.send(Frames.hello(
                        replica("hq"))), ErrorCode.ERROR_CODE_NOT_A_CHILD),
                Arguments.of("sale in another store's scope", (Attack) peer -> {
                    ReplicaId self = replica("s1/till-8");
                    peer.send(Frames.hello(self));
                    peer.send(Frames.saleBatch(self, Scope.store("s2")));
                }, ErrorCode.ERROR_CODE_OUT_OF_SCOPE),
                Arguments.of("sale of another till", (Attack) peer -> {
                    peer.send(Frames.hello(replica("s1/till-9")));
                    peer.send(Frames.saleBatch(replica(TILL), Scope.store(ChainFixture.STORE)));
                }, ErrorCode.ERROR_CODE_OUT_OF_SCOPE),
                Arguments.of("empty range of another till", (Attack) peer -> {
                    peer.send(Frames.hello(replica("s1/till-6")));
                    peer.send(Frames.emptyRange(till.store().self(), 1_000));
                }, ErrorCode.ERROR_CODE_OUT_OF_SCOPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void hostileInputClosesOnlyItsLink(String name, Attack attack, ErrorCode expected) throws IOException {
        StoredState before = StoredState.of(chain);
        long rejected = chain.store().replicator().totals().framesRejected();
        logged.list.clear();

        Optional<ErrorProto> error;
        try (RawPeer peer = RawPeer.connect(chain.store().listenAddress())) {
            attack.send(peer);
            error = peer.readUntilClosed();
        }

        assertThat(error).as("error frame before the store closed the link").isPresent();
        assertThat(error.get().getCode()).isEqualTo(expected);
        assertThat(error.get().getMessage()).as("reason sent to the peer").isNotBlank().doesNotContain("Exception");
        assertThat(chain.store().replicator().totals().framesRejected()).as("rejections counted")
                .isEqualTo(rejected + 1);
        assertThat(StoredState.of(chain)).as("what the store and hq hold").isEqualTo(before);
        assertThat(logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)))
                .as("warnings logged").hasSize(1);
        assertThat(till.parentConnected()).as("the real till's link").isTrue();
        Dot sale = Trading.sell(till, "A", 1).event().dot();
        eventually("the real till's sale at hq").until(() -> chain.hq().store().reader().event(sale).isPresent());
    }

    private static byte[] oversizedFrameStart(int maxFrameBytes) {
        return ByteBuffer.allocate(4 + 16).putInt(maxFrameBytes + 1).array();
    }

    private static byte[] garbageFrame() {
        byte[] frame = new byte[4 + 8];
        ByteBuffer.wrap(frame).putInt(8);
        Arrays.fill(frame, 4, frame.length, (byte) 0xff);
        return frame;
    }

    private static ReplicaId replica(String nodeId) {
        return new ReplicaId(nodeId, 0x0bad_5eedL + nodeId.hashCode());
    }

    /** What the store and hq hold, compared before and after an attack. */
    private record StoredState(VersionVector storeVector, long storeEvents, List<byte[]> storeDigests,
                               VersionVector hqVector, long hqEvents) {

        static StoredState of(ChainFixture chain) {
            NodeRuntime store = chain.store();
            List<byte[]> digests = List.of(store.store().reader().digest(Scope.chain()),
                    store.store().reader().digest(Scope.store(ChainFixture.STORE)));
            return new StoredState(store.store().vector(), store.store().reader().eventCount(), digests,
                    chain.hq().store().vector(), chain.hq().store().reader().eventCount());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StoredState state && storeVector.equals(state.storeVector)
                    && storeEvents == state.storeEvents && hqVector.equals(state.hqVector) && hqEvents == state.hqEvents
                    && Arrays.equals(storeDigests.get(0), state.storeDigests.get(0))
                    && Arrays.equals(storeDigests.get(1), state.storeDigests.get(1));
        }

        @Override
        public int hashCode() {
            return storeVector.hashCode();
        }
    }
}
