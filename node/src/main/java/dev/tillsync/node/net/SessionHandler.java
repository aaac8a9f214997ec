package dev.tillsync.node.net;

import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.FrameProto;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a pipeline: hands each frame to the connection's {@link Session} and calls it
 * when the channel opens, drains its outbound buffer, or closes. A frame the codec cannot read
 * closes the channel; it is logged once and counted, and nothing of it reaches the session.
 */
final class SessionHandler extends SimpleChannelInboundHandler<FrameProto> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private final SessionFactory factory;
    private Session session;

    SessionHandler(SessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = factory.create(new NettyLink(ctx.channel()), new NettyScheduler(ctx.channel().eventLoop()));
        session.onOpen();
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FrameProto frame) {
        session.onFrame(frame);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && session != null) {
            session.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.onClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (session != null) {
            session.stats().rejected();
        }
        if (cause instanceof TooLongFrameException || cause instanceof BadFrameException
                || cause instanceof DecoderException) {
            String reason = frameProblem(cause);
            LOG.warn("{}: closing the link: {}", ctx.channel().remoteAddress(), reason);
            new NettyLink(ctx.channel()).close(ErrorCode.ERROR_CODE_MALFORMED_FRAME, reason);
        } else if (cause instanceof IOException) {
            LOG.debug("{}: connection error: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("{}: closing the link after an unexpected error", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    /**
     * Returns the message of the innermost frame error: Netty wraps the decoder's exceptions in a
     * {@link DecoderException} whose message starts with the class name of the wrapped one.
     */
    private static String frameProblem(Throwable cause) {
        Throwable problem = cause;
        while (problem instanceof DecoderException && problem.getCause() != null) {
            problem = problem.getCause();
        }
        return String.valueOf(problem.getMessage());
    }
}
