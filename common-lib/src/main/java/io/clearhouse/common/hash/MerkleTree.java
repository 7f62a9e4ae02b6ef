package io.clearhouse.common.hash;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Merkle root over hex leaf hashes, so that one audit entry per batch covers every transaction of
 * the batch. Leaves are prefixed 0x00 and inner nodes 0x01 (RFC 6962 style) so a leaf can never be
 * passed off as an inner node; an odd node is promoted unchanged to the next level.
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private MerkleTree() {
    }

    public static String root(List<String> leafHashesHex) {
        if (leafHashesHex.isEmpty()) {
            return Hashing.sha256Hex("");
        }
        List<byte[]> level = new ArrayList<>(leafHashesHex.size());
        for (String leaf : leafHashesHex) {
            level.add(node((byte) 0, HEX.parseHex(leaf), null));
        }
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? node((byte) 1, level.get(i), level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return HEX.formatHex(level.get(0));
    }

    /** One step of an inclusion path: the sibling's hash and whether it sits left of the running node. */
    public record Step(String sibling, boolean left) {
        public Step {
            if (sibling == null || sibling.length() != 64) {
                throw new IllegalArgumentException("a sibling is a hex SHA-256");
            }
        }
    }

    /**
     * The inclusion path of leaf {@code index}: the siblings from the leaf level up. A level where the
     * running node is the odd one out (promoted unchanged) has no step.
     */
    public static List<Step> path(List<String> leafHashesHex, int index) {
        if (index < 0 || index >= leafHashesHex.size()) {
            throw new IllegalArgumentException("leaf " + index + " of " + leafHashesHex.size());
        }
        List<byte[]> level = new ArrayList<>(leafHashesHex.size());
        for (String leaf : leafHashesHex) {
            level.add(node((byte) 0, HEX.parseHex(leaf), null));
        }
        List<Step> steps = new ArrayList<>();
        int i = index;
        while (level.size() > 1) {
            int sibling = i % 2 == 0 ? i + 1 : i - 1;
            if (sibling < level.size()) {
                steps.add(new Step(HEX.formatHex(level.get(sibling)), sibling < i));
            }
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int j = 0; j < level.size(); j += 2) {
                next.add(j + 1 < level.size() ? node((byte) 1, level.get(j), level.get(j + 1)) : level.get(j));
            }
            level = next;
            i /= 2;
        }
        return List.copyOf(steps);
    }

    /** The root that a leaf and its inclusion path lead to (compare it with a trusted root). */
    public static String rootFromPath(String leafHashHex, List<Step> path) {
        byte[] running = node((byte) 0, HEX.parseHex(leafHashHex), null);
        for (Step step : path) {
            byte[] sibling = HEX.parseHex(step.sibling());
            running = step.left() ? node((byte) 1, sibling, running) : node((byte) 1, running, sibling);
        }
        return HEX.formatHex(running);
    }

    /**
     * The same root as {@link #root} over leaves added one at a time, holding only one node per level
     * (logarithmic memory): a day's batch roots can be folded as they are read.
     */
    public static final class Accumulator {

        /** Complete subtrees, largest first; sizes are distinct powers of two. */
        private final List<byte[]> nodes = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();
        private long count;

        public void add(String leafHashHex) {
            byte[] node = node((byte) 0, HEX.parseHex(leafHashHex), null);
            long size = 1;
            while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == size) {
                byte[] left = nodes.remove(nodes.size() - 1);
                sizes.remove(sizes.size() - 1);
                node = node((byte) 1, left, node);
                size *= 2;
            }
            nodes.add(node);
            sizes.add(size);
            count++;
        }

        public long count() {
            return count;
        }

        /** The root of the leaves added so far ({@link #root} of the same list). */
        public String root() {
            if (nodes.isEmpty()) {
                return Hashing.sha256Hex("");
            }
            // folding the complete subtrees right to left is exactly the promotion of odd nodes
            byte[] running = nodes.get(nodes.size() - 1);
            for (int i = nodes.size() - 2; i >= 0; i--) {
                running = node((byte) 1, nodes.get(i), running);
            }
            return HEX.formatHex(running);
        }
    }

    private static byte[] node(byte prefix, byte[] left, byte[] right) {
        MessageDigest digest = Hashing.newDigest();
        digest.update(prefix);
        digest.update(left);
        if (right != null) {
            digest.update(right);
        }
        return digest.digest();
    }
}
