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
