package io.clearhouse.reporting.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of an outgoing webhook, the same scheme and header names as the provider request
 * signatures the gateway checks: {@code X-Signature} = hex HMAC-SHA256, keyed with the UTF-8 bytes of
 * the secret, over {@code X-Timestamp + "." + body}; {@code X-Timestamp} in Unix seconds. The receiver
 * recomputes it and refuses a stale timestamp (replay).
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Signature";
    public static final String TIMESTAMP_HEADER = "X-Timestamp";

    private WebhookSignature() {
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JRE has HmacSHA256", e);
        }
    }
}
