package dev.tillsync.node.event;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Node ids and the tree they describe. A node id is one or two segments separated by {@code /}:
 * {@code hq}, a store such as {@code uk-london} or {@code United Kingdom}, a till such as
 * {@code uk-london/till-3}. A node's subtree is itself and every id that starts with its id and a
 * {@code /}; the root of a chain (the node without a parent) has every node in its subtree.
 */
public final class NodeIds {

    /** The longest node id accepted. */
    public static final int MAX_LENGTH = 128;

    /** The id of the root that replays and demos start, which no store may take. */
    public static final String ROOT_ID = "hq";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]*");

    private NodeIds() {
    }

    /**
     * Returns {@code nodeId} if it is valid.
     *
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    public static String requireValid(String nodeId) {
        if (nodeId == null || nodeId.isEmpty() || nodeId.length() > MAX_LENGTH) {
            throw invalid(nodeId);
        }
        String[] segments = nodeId.split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches() || segment.endsWith(" ")) {
                throw invalid(nodeId);
            }
        }
        if (segments.length > 2) {
            throw new IllegalArgumentException("node id: \"" + nodeId + "\" has " + segments.length
                    + " segments (expected: hq, <store> or <store>/<till>: a till has no children)");
        }
        if (segments.length == 2 && segments[0].equals(ROOT_ID)) {
            throw rootAsStore(nodeId);
        }
        return nodeId;
    }

    /**
     * Returns {@code storeId} if it is a valid store id: a node id without {@code /} other than
     * {@link #ROOT_ID}.
     *
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    public static String requireValidStore(String storeId) {
        requireValid(storeId);
        if (storeId.contains("/")) {
            throw new IllegalArgumentException("store id: \"" + storeId + "\" contains / (expected: a store id"
                    + " without /, such as uk-london)");
        }
        if (storeId.equals(ROOT_ID)) {
            throw rootAsStore(storeId);
        }
        return storeId;
    }

    public static boolean isValidStore(String storeId) {
        try {
            requireValidStore(storeId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException rootAsStore(String nodeId) {
        String subject = nodeId.equals(ROOT_ID) ? "store id: \"" + nodeId + "\""
                : "node id: \"" + nodeId + "\": its store " + ROOT_ID;
        return new IllegalArgumentException(subject + " is the id of the root (expected: any other store id)");
    }

    public static boolean isValid(String nodeId) {
        try {
            requireValid(nodeId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException invalid(String nodeId) {
        return new IllegalArgumentException("node id: \"" + nodeId + "\" (expected: 1 to " + MAX_LENGTH
                + " characters in segments separated by /, each starting with a letter or digit and made of letters,"
                + " digits, spaces, '.', '_' and '-', such as hq, uk-london or uk-london/till-3)");
    }

    /**
     * Returns the name of the folder that keeps the data of {@code nodeId}: the id with {@code /}
     * written as {@code %2F} and a space as {@code %20}. Ids never contain {@code %}, so two ids never
     * share a folder name.
     */
    // NOTE: ids that differ only in letter case share a folder on a case-insensitive file system, the
    // default on macOS and Windows. The second of those nodes then fails to lock its RocksDB directory.
    public static String folderName(String nodeId) {
        return requireValid(nodeId).replace("/", "%2F").replace(" ", "%20");
    }

    /** Returns true if {@code candidate} is {@code ancestor} or below it in the tree of node ids. */
    public static boolean isInSubtree(String candidate, String ancestor) {
        return candidate.equals(ancestor)
                || (candidate.length() > ancestor.length() && candidate.startsWith(ancestor)
                && candidate.charAt(ancestor.length()) == '/');
    }

    /**
     * Returns the store a non-root node belongs to: its first segment. A store server's store is
     * its own id; a till's is the id of its store server.
     */
    public static String storeOf(String nodeId) {
        int slash = nodeId.indexOf('/');
        return slash < 0 ? nodeId : nodeId.substring(0, slash);
    }

    /** Returns the id above {@code nodeId} in the tree, if it has a {@code /}. */
    public static Optional<String> parentOf(String nodeId) {
        int slash = nodeId.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(nodeId.substring(0, slash));
    }
}
