package io.clearhouse.common.identity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's signature over the caller identity it passes to a service, so that a service trusts
 * {@link CallerHeaders} only when the gateway set them: whoever reaches a service's port directly
 * cannot claim a role. The gateway and every service share one secret ({@code CLEARHOUSE_IDENTITY_SECRET}).
 *
 * <p>The signature covers the time, a nonce, the method, the path, the query (canonical:
 * {@link #canonicalQuery}), the body (its length and SHA-256, sent in {@link CallerHeaders#BODY}) and
 * every identity header, and is valid for {@link #MAX_SKEW_SECONDS} either way. So a captured header
 * cannot be used later, on another route, with another query or with another body; and since every
 * signature carries its own nonce, a service refuses one it has seen before (a replay within the
 * window). See {@code docs/decisions/gateway-identity.md}.
 *
 * <p>Header values: {@code X-Clearhouse-Identity: t=<unix seconds>,n=<nonce>,v2=<hex HMAC-SHA256>} and
 * {@code X-Clearhouse-Body: length=<bytes>,sha-256=<hex>}.
 */
public final class GatewayIdentity {

    /** How far a signature's time may be from the service's clock, either way. */
    public static final long MAX_SKEW_SECONDS = 60;
    static final int MIN_SECRET_LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom NONCES = new SecureRandom();
    private final SecretKeySpec key;

    /** The body a signature covers: its exact length in bytes and its SHA-256 (lower-case hex). */
    public record Body(long length, String sha256) {

        /** No body at all (a GET), or an empty one. */
        public static final Body EMPTY = of(new byte[0]);

        public Body {
            if (length < 0) {
                throw new IllegalArgumentException("a body length is never negative");
            }
            if (sha256 == null || sha256.length() != 64 || !sha256.chars().allMatch(c -> Character.digit(c, 16) >= 0
                    && !Character.isUpperCase(c))) {
                throw new IllegalArgumentException("a body digest is 64 lower-case hex digits");
            }
        }

        public static Body of(byte[] bytes) {
            return new Body(bytes.length, HEX.formatHex(GatewayIdentity.sha256().digest(bytes)));
        }

        /** The {@link CallerHeaders#BODY} header value. */
        public String header() {
            return "length=" + length + ",sha-256=" + sha256;
        }

        /** The body a {@link CallerHeaders#BODY} header names, or null when it is absent or malformed. */
        public static Body parse(String header) {
            if (header == null || !header.startsWith("length=")) {
                return null;
            }
            int comma = header.indexOf(",sha-256=");
            if (comma < 0) {
                return null;
            }
            try {
                return new Body(Long.parseLong(header.substring(7, comma)), header.substring(comma + 9));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * The request a signature is for, as its headers and line carry it; absent identity values are null.
     *
     * @param path  the raw path, without the query
     * @param query the query in {@link #canonicalQuery canonical form} ("" for none)
     */
    public record Claim(String method, String path, String query, Body body, String actor, String roles,
                        String provider, String requestId) {
        public Claim {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            query = query == null ? "" : query;
            body = body == null ? Body.EMPTY : body;
        }

        /** A request without a query and without a body. */
        public Claim(String method, String path, String actor, String roles, String provider, String requestId) {
            this(method, path, "", Body.EMPTY, actor, roles, provider, requestId);
        }

        String canonical(long epochSeconds, String nonce) {
            return String.join("\n", "v2", Long.toString(epochSeconds), nonce, method, path, query,
                    Long.toString(body.length()), body.sha256(), nz(actor), nz(roles), nz(provider), nz(requestId));
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }

    /**
     * A signature that verified: its MAC (hex), unique to this request thanks to its nonce, is the key
     * under which a service remembers it until {@code expiresAtEpochSeconds}, after which it is refused
     * as stale anyway.
     */
    public record Verified(String signature, long expiresAtEpochSeconds) {
    }

    public GatewayIdentity(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the identity secret (CLEARHOUSE_IDENTITY_SECRET) must be set, at least "
                    + MIN_SECRET_LENGTH + " characters, and the same for the gateway and every service");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The {@link CallerHeaders#IDENTITY} header value for this claim at this time, with a fresh nonce. */
    public String sign(Claim claim, long epochSeconds) {
        byte[] nonce = new byte[16];
        NONCES.nextBytes(nonce);
        return sign(claim, epochSeconds, HEX.formatHex(nonce));
    }

    /** As {@link #sign(Claim, long)} with a given nonce (tests; the gateway always draws a fresh one). */
    public String sign(Claim claim, long epochSeconds, String nonce) {
        if (nonce.isEmpty() || nonce.length() > 64 || nonce.indexOf(',') >= 0) {
            throw new IllegalArgumentException("a nonce has 1 to 64 characters and no comma");
        }
        return "t=" + epochSeconds + ",n=" + nonce + ",v2=" + HEX.formatHex(mac(claim.canonical(epochSeconds, nonce)));
    }

    /**
     * True when {@code header} is the gateway's signature of exactly this claim, made within
     * {@link #MAX_SKEW_SECONDS} of {@code nowEpochSeconds}. Compares in constant time. Says nothing
     * about replays: a service uses {@link #check} and remembers what it saw.
     */
    public boolean verify(String header, Claim claim, long nowEpochSeconds) {
        return check(header, claim, nowEpochSeconds) != null;
    }

    /** The verified signature (to refuse it when seen again), or null when {@link #verify} is false. */
    public Verified check(String header, Claim claim, long nowEpochSeconds) {
        if (header == null || !header.startsWith("t=")) {
            return null;
        }
        int n = header.indexOf(",n=");
        int v = header.indexOf(",v2=");
        if (n < 0 || v < n + 3) {
            return null;
        }
        long t;
        byte[] given;
        String nonce = header.substring(n + 3, v);
        try {
            t = Long.parseLong(header.substring(2, n));
            given = HEX.parseHex(header.substring(v + 4));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (nonce.isEmpty() || Math.abs(nowEpochSeconds - t) > MAX_SKEW_SECONDS) {
            return null;
        }
        if (!MessageDigest.isEqual(given, mac(claim.canonical(t, nonce)))) {
            return null;
        }
        return new Verified(HEX.formatHex(given), t + MAX_SKEW_SECONDS);
    }

    /**
     * The query as both ends of a signature see it, whatever re-encoding happened on the way: each
     * {@code name=value} pair percent-decoded ({@code +} is a space, as forms and Spring read it; an
     * invalid escape stays as it is; bytes that are not UTF-8 become U+FFFD), re-encoded strictly
     * (RFC 3986 unreserved characters as they are, every other byte {@code %XX}), sorted by name with
     * the order of a name's values kept, joined by {@code &}. A pair without {@code =} has an empty
     * value; empty pairs are dropped. Null or empty gives "".
     */
    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        pairs.sort(Comparator.comparing(p -> p[0])); // stable: a name's values keep their order
        StringBuilder b = new StringBuilder();
        for (String[] p : pairs) {
            b.append(b.isEmpty() ? "" : "&").append(p[0]).append('=').append(p[1]);
        }
        return b.toString();
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte c = raw[i];
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && i + 2 < raw.length
                    && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
                out.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }

    /** A new SHA-256 digest, for bodies hashed as they stream. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
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
