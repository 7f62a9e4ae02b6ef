package io.clearhouse.ingest.transaction;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import io.clearhouse.common.hash.Hashing;

/**
 * A provider transaction's uniqueness key: {@code keyPlayerRef} is empty when the provider's ids are
 * unique per provider, the player ref when they are unique per player only.
 */
record TxKey(String providerId, String providerTxId, String keyPlayerRef) {

    TxKey {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerTxId, "providerTxId");
        Objects.requireNonNull(keyPlayerRef, "keyPlayerRef");
    }

    /**
     * The platform-wide transaction id: derived from the key (SHA-256, laid out as a UUID with the
     * version nibble 8), so it is the same on every replay, after every crash and on every instance.
     */
    UUID transactionId() {
        byte[] h = Hashing.sha256(("clearhouse/transaction\u001f" + providerId + "\u001f" + providerTxId + "\u001f"
                + keyPlayerRef).getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x80);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    @Override
    public String toString() {
        return providerId + ":" + providerTxId + (keyPlayerRef.isEmpty() ? "" : "@" + keyPlayerRef);
    }
}
