package io.clearhouse.common.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's signature over the caller identity it passes to a service, so that a service trusts
 * {@link CallerHeaders} only when the gateway set them: whoever reaches a service's port directly
 * cannot claim a role. The gateway and every service share one secret ({@code CLEARHOUSE_IDENTITY_SECRET});
 * the signature covers the time, the method, the path and every identity header, and is valid for
 * {@link #MAX_SKEW_SECONDS} (so a captured header cannot be replayed later or on another route).
 *
 * <p>Header value: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}.
 */
public final class GatewayIdentity {

    /** How far a signature's time may be from the service's clock, either way. */
    public static final long MAX_SKEW_SECONDS = 60;
    static final int MIN_SECRET_LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();
    private final SecretKeySpec key;

    /** The identity a request claims, as its headers carry it; absent values are null. */
    public record Claim(String method, String path, String actor, String roles, String provider, String requestId) {
        public Claim {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
        }

        String canonical(long epochSeconds) {
            return String.join("\n", "v1", Long.toString(epochSeconds), method, path, nz(actor), nz(roles),
                    nz(provider), nz(requestId));
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }

    public GatewayIdentity(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the identity secret (CLEARHOUSE_IDENTITY_SECRET) must be set, at least "
                    + MIN_SECRET_LENGTH + " characters, and the same for the gateway and every service");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The {@link CallerHeaders#IDENTITY} header value for this claim at this time. */
    public String sign(Claim claim, long epochSeconds) {
        return "t=" + epochSeconds + ",v1=" + HEX.formatHex(mac(claim.canonical(epochSeconds)));
    }

    /**
     * True when {@code header} is the gateway's signature of exactly this claim, made within
     * {@link #MAX_SKEW_SECONDS} of {@code nowEpochSeconds}. Compares in constant time.
     */
    public boolean verify(String header, Claim claim, long nowEpochSeconds) {
        if (header == null || !header.startsWith("t=")) {
            return false;
        }
        int comma = header.indexOf(",v1=");
        if (comma < 0) {
            return false;
        }
        long t;
        byte[] given;
        try {
            t = Long.parseLong(header.substring(2, comma));
            given = HEX.parseHex(header.substring(comma + 4));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (Math.abs(nowEpochSeconds - t) > MAX_SKEW_SECONDS) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(claim.canonical(t)));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JRE has HmacSHA256", e);
        }
    }
}
