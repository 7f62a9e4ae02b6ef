package io.clearhouse.common.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers; hashes travel and are stored as lowercase hex. */
public final class Hashing {

    private static final HexFormat HEX = HexFormat.of();
    /**
     * One digest per thread for {@link #sha256}: a new {@code MessageDigest} per hash was a provider lookup and
     * its buffers each time, over a third of the bytes ingest allocated per transaction (content hash, id,
     * Merkle leaf and nodes). {@code digest} resets it, and nothing runs between its start and its end.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashing::newDigest);

    private Hashing() {
    }

    public static String sha256Hex(String text) {
        return HEX.formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] bytes) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(bytes);
    }

    /** A digest of its own, for a caller that feeds it in parts. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
