package dev.tillsync.node.net;

import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.ErrorProto;
import dev.tillsync.proto.v1.FrameProto;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;

/** A {@link Link} over a Netty channel. */
final class NettyLink implements Link {

    /** Reason the peer gave for rejecting this node, set by {@link #markRejected} and read when the channel closes. */
    static final AttributeKey<String> REJECTED = AttributeKey.valueOf("tillsync.rejected");

    private final Channel channel;

    NettyLink(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void send(FrameProto frame) {
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    @Override
    public void close(ErrorCode code, String message) {
        if (code == ErrorCode.ERROR_CODE_UNSPECIFIED || !channel.isActive()) {
            channel.close();
            return;
        }
        FrameProto error = FrameProto.newBuilder()
                .setError(ErrorProto.newBuilder().setCode(code).setMessage(message)).build();
        channel.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void markRejected(String reason) {
        channel.attr(REJECTED).set(reason);
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress()).replaceFirst("^/", "");
    }
}
