package dev.tillsync.node.sync;

import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.ErrorProto;
import dev.tillsync.proto.v1.FrameProto;
import dev.tillsync.proto.v1.HeartbeatProto;
import dev.tillsync.proto.v1.ProtocolVersionProto;

/** Constants and small frame builders of the sync protocol. */
public final class Protocol {

    /** Peers with another major version are refused. */
    public static final int MAJOR_VERSION = 1;
    /** Minor versions only add fields that older peers ignore. */
    public static final int MINOR_VERSION = 0;

    public static final ProtocolVersionProto VERSION = ProtocolVersionProto.newBuilder()
            .setMajor(MAJOR_VERSION).setMinor(MINOR_VERSION).build();

    private Protocol() {
    }

    static FrameProto error(ErrorCode code, String message) {
        return FrameProto.newBuilder().setError(ErrorProto.newBuilder().setCode(code).setMessage(message)).build();
    }

    static FrameProto heartbeat(dev.tillsync.node.crdt.Timestamp clock) {
        return FrameProto.newBuilder().setHeartbeat(HeartbeatProto.newBuilder()
                .setClock(dev.tillsync.node.codec.CrdtProtoMapper.toProto(clock))).build();
    }

    /** Returns null if the peer's version is supported, else the reason it is not. */
    static String checkVersion(ProtocolVersionProto version) {
        if (version.getMajor() != MAJOR_VERSION) {
            return "protocol version " + version.getMajor() + "." + version.getMinor() + " is not supported (expected: "
                    + MAJOR_VERSION + ".x); upgrade the older node";
        }
        return null;
    }
}
