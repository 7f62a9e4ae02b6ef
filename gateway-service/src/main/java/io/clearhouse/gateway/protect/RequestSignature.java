package io.clearhouse.gateway.protect;

import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;

/**
 * Provider request signatures: {@code X-Signature} = hex HMAC-SHA256, keyed with the UTF-8 bytes
 * of the provider's signing secret, over {@code X-Timestamp + "." + raw body}; {@code X-Timestamp}
 * in Unix seconds within the window of the gateway's clock. Compared in constant time.
 */
public final class RequestSignature {

    public static final String SIGNATURE_HEADER = "X-Signature";
    public static final String TIMESTAMP_HEADER = "X-Timestamp";

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private RequestSignature() {
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        return HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    /** Returns normally only when the signature is present, well-formed, fresh and right. */
    public static void verify(String secret, String timestamp, String signature, byte[] body, Instant now,
                              Duration window) {
        checkHeaders(timestamp, signature, now, window);
        Mac mac = start(secret, timestamp);
        checkMac(mac.doFinal(body), signature);
    }

    /**
     * The checks that need no body: both headers present, well-formed and the timestamp fresh. A
     * streamed body is checked with {@link #start} and {@link #checkMac} after this.
     */
    public static void checkHeaders(String timestamp, String signature, Instant now, Duration window) {
        if (timestamp == null || signature == null) {
            throw refusal(Problems.SIGNATURE_MISSING, "Signature required",
                    "provider requests need " + TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER);
        }
        if (!TIMESTAMP.matcher(timestamp).matches() || !HEX_SHA256.matcher(signature).matches()) {
            throw refusal(Problems.SIGNATURE_INVALID, "Invalid signature",
                    TIMESTAMP_HEADER + " must be Unix seconds and " + SIGNATURE_HEADER + " 64 hex digits");
        }
        long skew = Math.abs(now.getEpochSecond() - Long.parseLong(timestamp));
        if (skew > window.toSeconds()) {
            throw refusal(Problems.SIGNATURE_EXPIRED, "Stale signature",
                    TIMESTAMP_HEADER + " is more than " + window.toSeconds() + " s from the gateway's clock");
        }
    }

    /** A MAC that has taken {@code timestamp + "."}: feed it the body, then {@link #checkMac}. */
    public static Mac start(String secret, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Compares the body's MAC with the (already well-formed) signature header in constant time. */
    public static void checkMac(byte[] computed, String signature) {
        if (!MessageDigest.isEqual(computed, HexFormat.of().parseHex(signature))) {
            throw refusal(Problems.SIGNATURE_INVALID, "Invalid signature",
                    "the signature does not match the body and timestamp");
        }
    }

    private static byte[] mac(String secret, String timestamp, byte[] body) {
        return start(secret, timestamp).doFinal(body);
    }

    private static Refusal refusal(java.net.URI type, String title, String detail) {
        return new Refusal(HttpStatus.UNAUTHORIZED, type, title, detail);
    }
}
