package dev.tillsync.node.event;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Node ids and the tree they describe. A node id is one or more segments separated by {@code /}:
 * {@code hq}, a store such as {@code uk-london} or {@code United Kingdom}, a till such as
 * {@code uk-london/till-3}. A node's subtree is itself and every id that starts with its id and a
 * {@code /}; the root of a chain (the node without a parent) has every node in its subtree.
 */
public final class NodeIds {

    /** The longest node id accepted. */
    public static final int MAX_LENGTH = 128;

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
        for (String segment : nodeId.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.endsWith(" ")) {
                throw invalid(nodeId);
            }
        }
        return nodeId;
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
