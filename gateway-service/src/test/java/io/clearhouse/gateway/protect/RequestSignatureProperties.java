package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.common.testing.Gen;
import io.clearhouse.common.testing.PropertyCheck;
import io.clearhouse.gateway.web.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Random mutations of a validly signed request (body, timestamp, signature, secret) are never accepted. */
class RequestSignatureProperties {

    private static final String SECRET = "a3f1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String TS = Long.toString(NOW.getEpochSecond());
    private static final byte[] BODY = "[{\"providerTxId\":\"tx-1\",\"amount\":\"12.50\"}]"
            .getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = RequestSignature.sign(SECRET, TS, BODY);
    private static final Duration WINDOW = Duration.ofSeconds(300);
    private static final String HEX = "0123456789abcdef";
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** One mutation of (timestamp, signature, body, secret), named by how it was made. */
    record Mutated(String kind, String timestamp, String signature, byte[] body, String secret) {
        @Override
        public String toString() {
            return kind + "[timestamp=" + timestamp + ", signature=" + signature + ", body(hex)="
                    + HexFormat.of().formatHex(body) + ", secret=" + secret + "]";
        }
    }

    @Test
    void mutatedSignedRequestIsNeverAccepted() {
        PropertyCheck.forAll(RequestSignatureProperties::mutation).edgeCases(edgeMutations()).tries(2_000)
                .shrinkWith(RequestSignatureProperties::simpler).check(m -> assertThatThrownBy(() -> RequestSignature.verify(m.secret(), m.timestamp(), m.signature(),
                        m.body(), NOW, WINDOW)).isInstanceOf(Refusal.class));
    }

    @Test
    void unmutatedSignedRequestIsAccepted() {
        for (int i = 0; i < 50; i++) {
            assertThatCode(() -> RequestSignature.verify(SECRET, TS, RequestSignature.sign(SECRET, TS, BODY), BODY, NOW,
                    WINDOW)).doesNotThrowAnyException();
        }
    }

    // ------------------------------------------------------------------ generators

    /** One of the seven kinds of mutation, each equally likely. */
    static Mutated mutation(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> flipBodyBit(Gen.intBetween(r, 0, BODY.length - 1), Gen.intBetween(r, 0, 7));
            case 1 -> {
                int n;
                do {
                    n = Gen.intBetween(r, 0, BODY.length + 8);
                } while (n == BODY.length);
                yield bodyOfLength(n);
            }
            case 2 -> {
                long d;
                do {
                    d = Gen.longBetween(r, -10_000, 10_000);
                } while (d == 0);
                yield timestamp(Long.toString(NOW.getEpochSecond() + d));
            }
            case 3 -> flipSignatureChar(Gen.intBetween(r, 0, 63), HEX.charAt(r.nextInt(HEX.length())));
            case 4 -> {
                String s;
                do {
                    s = r.nextBoolean() ? Gen.anyString(r, 0, 80) : Gen.string(r, HEX + "ABCDEF", 0, 80);
                } while (s.equalsIgnoreCase(SIGNATURE));
                yield signature(s);
            }
            case 5 -> {
                String s;
                do {
                    s = Gen.string(r, ALPHANUMERIC, 1, 64);
                } while (s.equals(SECRET));
                yield secret(s);
            }
            default -> r.nextBoolean() ? new Mutated("missing", null, SIGNATURE, BODY, SECRET)
                    : new Mutated("missing", TS, null, BODY, SECRET);
        };
    }

    /** The ends of every generator's range, and the near misses a uniform draw would rarely make. */
    static List<Mutated> edgeMutations() {
        List<Mutated> edges = new ArrayList<>();
        for (int i : List.of(0, BODY.length - 1)) {
            for (int bit : List.of(0, 7)) {
                edges.add(flipBodyBit(i, bit));
            }
        }
        for (int n : List.of(0, 1, BODY.length - 1, BODY.length + 1, BODY.length + 8)) {
            edges.add(bodyOfLength(n));
        }
        for (long d : List.of(-10_000L, -301L, -300L, -1L, 1L, 300L, 301L, 10_000L)) {
            edges.add(timestamp(Long.toString(NOW.getEpochSecond() + d)));
        }
        edges.add(timestamp("0" + TS));                     // the same instant, written differently
        for (int i : List.of(0, 63)) {
            for (char ch : List.of('0', 'f')) {
                edges.add(flipSignatureChar(i, ch));
            }
        }
        for (String s : List.of("", " ", SIGNATURE.substring(1), SIGNATURE + "0", SIGNATURE + " ", " " + SIGNATURE,
                SIGNATURE + "\n", "0".repeat(64), "g" + SIGNATURE.substring(1), "x".repeat(80))) {
            edges.add(signature(s));
        }
        for (String s : List.of("a", SECRET.substring(1), SECRET.substring(0, SECRET.length() - 1), SECRET.toUpperCase(Locale.ROOT),
                "Z".repeat(64))) {
            edges.add(secret(s));
        }
        edges.add(new Mutated("missing", null, SIGNATURE, BODY, SECRET));
        edges.add(new Mutated("missing", TS, null, BODY, SECRET));
        edges.add(new Mutated("missing", null, null, BODY, SECRET));
        return edges;
    }

    /** Shorter garbage signatures and other secrets, still not the right one (the other kinds are left as found). */
    static Stream<Mutated> simpler(Mutated m) {
        return switch (m.kind()) {
            case "garbageSignature" -> Gen.shrinkString(m.signature(), 0).filter(s -> !s.equalsIgnoreCase(SIGNATURE))
                    .map(RequestSignatureProperties::signature);
            case "otherSecret" -> Gen.shrinkString(m.secret(), 1).filter(s -> !s.equals(SECRET))
                    .map(RequestSignatureProperties::secret);
            default -> Stream.empty();
        };
    }

    private static Mutated flipBodyBit(int index, int bit) {
        byte[] b = BODY.clone();
        b[index] ^= (byte) (1 << bit);
        return new Mutated("flipBodyBit", TS, SIGNATURE, b, SECRET);
    }

    private static Mutated bodyOfLength(int n) {
        return new Mutated("truncateOrExtendBody", TS, SIGNATURE, Arrays.copyOf(BODY, n), SECRET);
    }

    private static Mutated timestamp(String timestamp) {
        return new Mutated("otherTimestamp", timestamp, SIGNATURE, BODY, SECRET);
    }

    private static Mutated flipSignatureChar(int index, char ch) {
        char[] s = SIGNATURE.toCharArray();
        s[index] = s[index] == ch ? (ch == '0' ? '1' : '0') : ch;
        return new Mutated("flipSignatureChar", TS, new String(s), BODY, SECRET);
    }

    private static Mutated signature(String signature) {
        return new Mutated("garbageSignature", TS, signature, BODY, SECRET);
    }

    private static Mutated secret(String secret) {
        return new Mutated("otherSecret", TS, SIGNATURE, BODY, secret);
    }
}
