package dev.tillsync.node.chain.support;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.proto.v1.ErrorProto;
import dev.tillsync.proto.v1.FrameProto;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A peer that speaks the wire format by hand over a plain blocking socket, so that a test can send
 * what no node would: oversized frames, bytes that are not a frame, hellos that break the rules.
 * Reads time out after 20 seconds.
 */
public final class RawPeer implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 20_000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final List<FrameProto> received = new ArrayList<>();

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    public static RawPeer connect(HostPort address) throws IOException {
        Socket socket = new Socket(address.host(), address.port());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return new RawPeer(socket);
    }

    /** Sends one frame: its length, then its bytes. */
    public void send(FrameProto frame) throws IOException {
        byte[] bytes = frame.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** Sends bytes as they are, with no framing. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads frames until the node closes the connection and returns the error frame it sent before,
     * if any. Every frame read is kept for {@link #received}.
     */
    public Optional<ErrorProto> readUntilClosed() throws IOException {
        ErrorProto error = null;
        while (true) {
            FrameProto frame;
            try {
                frame = read();
            } catch (EOFException e) {
                return Optional.ofNullable(error);
            }
            received.add(frame);
            if (frame.hasError()) {
                error = frame.getError();
            }
        }
    }

    /** Reads one frame. */
    public FrameProto read() throws IOException {
        int length = in.readInt();
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return FrameProto.parseFrom(bytes);
    }

    /** Returns the frames read so far by {@link #readUntilClosed}. */
    public List<FrameProto> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
