package io.clearhouse.support.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one signature of every webhook Clearhouse sends: {@code X-Clearhouse-Timestamp} (Unix seconds)
 * and {@code X-Clearhouse-Signature: sha256=<lower-case hex HMAC-SHA256 of "<timestamp>.<body>">},
 * keyed with the UTF-8 bytes of the shared secret, over the exact body bytes sent.
 * {@code X-Clearhouse-Event-Id} names the event, so that a receiver drops a redelivery.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP = "X-Clearhouse-Timestamp";
    public static final String SIGNATURE = "X-Clearhouse-Signature";
    public static final String EVENT_ID = "X-Clearhouse-Event-Id";
    public static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The {@code X-Clearhouse-Signature} value: {@code sha256=} and the hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JRE has HmacSHA256", e);
        }
    }

    /**
     * What a receiver does: true only if the timestamp is within {@code tolerance} of {@code now} and the
     * signature matches (compared in constant time).
     */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body,
                                 Instant now, Duration tolerance) {
        if (secret == null || timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
