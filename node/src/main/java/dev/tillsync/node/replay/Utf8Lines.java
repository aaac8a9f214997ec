package dev.tillsync.node.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a UTF-8 stream, each decoded on its own so that a decoding error names the line that
 * contains the invalid bytes. A line ends at {@code \n}, {@code \r\n} or {@code \r}, as with
 * {@link java.io.BufferedReader#readLine}. Splitting on those bytes before decoding is safe because
 * they never occur inside a multi-byte UTF-8 sequence. Not thread-safe.
 */
final class Utf8Lines implements AutoCloseable {

    private final PushbackInputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long lineNumber;

    Utf8Lines(InputStream in) {
        this.in = new PushbackInputStream(in, 1);
    }

    /** Returns the number of the line {@link #next} returned last, counting from 1. */
    long lineNumber() {
        return lineNumber;
    }

    /**
     * Returns the next line without its terminator, or null at the end of the stream.
     *
     * @throws CharacterCodingException if the line is not valid UTF-8; {@link #lineNumber} is its number
     */
    String next() throws IOException {
        line.reset();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n' && b != '\r') {
            line.write(b);
            b = in.read();
        }
        if (b == '\r') {
            int following = in.read();
            if (following >= 0 && following != '\n') {
                in.unread(following);
            }
        }
        lineNumber++;
        return decoder.decode(ByteBuffer.wrap(line.toByteArray())).toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
