package dev.tillsync.node.net;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.proto.v1.FrameProto;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Frames on the wire: a 4-byte big-endian length, then that many bytes of one {@link FrameProto}.
 *
 * <pre>
 * +----------------+-------------------------------+
 * | length (4)     | FrameProto (length bytes)     |
 * +----------------+-------------------------------+
 * </pre>
 *
 * A length above the maximum frame size fails at once, before the bytes are buffered.
 */
public final class FrameCodec {

    private static final int LENGTH_BYTES = 4;

    private FrameCodec() {
    }

    /** Adds the frame handlers to a pipeline: {@code frames}, {@code protobuf}, {@code length}, {@code encoder}. */
    public static void addTo(ChannelPipeline pipeline, int maxFrameBytes) {
        pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, LENGTH_BYTES, 0, LENGTH_BYTES,
                true));
        pipeline.addLast("protobuf", new Decoder());
        pipeline.addLast("length", new LengthFieldPrepender(LENGTH_BYTES));
        pipeline.addLast("encoder", new Encoder());
    }

    /**
     * Parses one frame's bytes. Bytes that are not a FrameProto raise {@link BadFrameException}. The
     * frame is parsed from a {@link ByteBuffer} view of its bytes, or from a copy when the buffer has
     * no single view, because protobuf-java 4.36 allocates a 4 KiB buffer for each parse from an
     * {@code InputStream}.
     */
    @ChannelHandler.Sharable
    static final class Decoder extends MessageToMessageDecoder<ByteBuf> {

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
            int length = bytes.readableBytes();
            try {
                out.add(bytes.nioBufferCount() == 1 ? FrameProto.parseFrom(bytes.nioBuffer())
                        : FrameProto.parseFrom(ByteBufUtil.getBytes(bytes)));
            } catch (InvalidProtocolBufferException e) {
                throw new BadFrameException("frame of " + length + " bytes from " + ctx.channel().remoteAddress()
                        + " is not a valid FrameProto: " + e.getMessage(), e);
            }
        }
    }

    /** Serialises a frame into a pooled buffer. */
    @ChannelHandler.Sharable
    static final class Encoder extends MessageToByteEncoder<FrameProto> {

        @Override
        protected void encode(ChannelHandlerContext ctx, FrameProto frame, ByteBuf out) throws IOException {
            frame.writeTo(new ByteBufOutputStream(out));
        }
    }
}
