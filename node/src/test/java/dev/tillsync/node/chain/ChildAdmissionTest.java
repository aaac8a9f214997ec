package dev.tillsync.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.Frames;
import dev.tillsync.node.chain.support.RawPeer;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.ErrorProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which hellos a node admits as its child. */
class ChildAdmissionTest {

    @TempDir
    Path directory;

    private ChainFixture chain;

    @BeforeEach
    void startChain() {
        chain = ChainFixture.start(directory, TestSettings.fast());
    }

    @AfterEach
    void stopChain() {
        chain.close();
    }

    @Test
    void tillRejectsAnyChild() throws IOException {
        NodeRuntime till = chain.startTill("s1/till-1");

        Optional<ErrorProto> error;
        try (RawPeer peer = RawPeer.connect(till.listenAddress())) {
            peer.send(Frames.hello(new ReplicaId("s1/till-1/x", 0x5eed)));
            error = peer.readUntilClosed();
        }

        assertThat(error).isPresent();
        assertThat(error.get().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_A_CHILD);
        assertThat(error.get().getMessage()).contains("a till has no children");
    }

    @Test
    void rootRejectsStoreNamedLikeRoot() throws IOException {
        Optional<ErrorProto> error;
        try (RawPeer peer = RawPeer.connect(chain.hq().listenAddress())) {
            peer.send(Frames.hello(new ReplicaId("hq", 0x5eed)));
            error = peer.readUntilClosed();
        }

        assertThat(error).isPresent();
        assertThat(error.get().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_A_CHILD);
    }

}
