package dev.tillsync.node.app;

/** A {@code host:port} address given on the command line. */
public record HostPort(String host, int port) {

    /**
     * Parses {@code host:port}; the port may be 0 where a free one is to be picked.
     *
     * @throws IllegalArgumentException naming the value if it is not host:port
     */
    public static HostPort parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw invalid(text);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65_535) {
                throw invalid(text);
            }
            return new HostPort(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("address: \"" + text + "\" (expected: host:port such as 127.0.0.1:7400)");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
