package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.gateway.web.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random mutations of a validly signed request (body, timestamp, signature, secret) are never accepted. */
class RequestSignatureProperties {

    private static final String SECRET = "a3f1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String TS = Long.toString(NOW.getEpochSecond());
    private static final byte[] BODY = "[{\"providerTxId\":\"tx-1\",\"amount\":\"12.50\"}]"
            .getBytes(StandardCharsets.UTF_8);

    /** One mutation of (timestamp, signature, body, secret). */
    record Mutated(String timestamp, String signature, byte[] body, String secret) {
    }

    @Property(tries = 2000)
    void mutatedSignedRequestIsNeverAccepted(@ForAll("mutations") Mutated m) {
        assertThatThrownBy(() -> RequestSignature.verify(m.secret(), m.timestamp(), m.signature(), m.body(), NOW,
                Duration.ofSeconds(300))).isInstanceOf(Refusal.class);
    }

    @Property(tries = 50)
    void unmutatedSignedRequestIsAccepted() {
        RequestSignature.verify(SECRET, TS, RequestSignature.sign(SECRET, TS, BODY), BODY, NOW, Duration.ofSeconds(300));
    }

    @Provide
    Arbitrary<Mutated> mutations() {
        String signature = RequestSignature.sign(SECRET, TS, BODY);
        Arbitrary<Mutated> flipBodyBit = Combinators.combine(Arbitraries.integers().between(0, BODY.length - 1),
                Arbitraries.integers().between(0, 7)).as((i, bit) -> {
                    byte[] b = BODY.clone();
                    b[i] ^= (byte) (1 << bit);
                    return new Mutated(TS, signature, b, SECRET);
                });
        Arbitrary<Mutated> truncateOrExtendBody = Arbitraries.integers().between(0, BODY.length + 8).filter(n -> n != BODY.length)
                .map(n -> new Mutated(TS, signature, Arrays.copyOf(BODY, n), SECRET));
        Arbitrary<Mutated> otherTimestamp = Arbitraries.longs().between(-10_000, 10_000).filter(d -> d != 0)
                .map(d -> new Mutated(Long.toString(NOW.getEpochSecond() + d), signature, BODY, SECRET));
        Arbitrary<Mutated> flipSignatureChar = Combinators.combine(Arbitraries.integers().between(0, 63),
                Arbitraries.chars().with("0123456789abcdef")).as((i, ch) -> {
                    char[] s = signature.toCharArray();
                    s[i] = s[i] == ch ? (ch == '0' ? '1' : '0') : ch;
                    return new Mutated(TS, new String(s), BODY, SECRET);
                });
        Arbitrary<Mutated> garbageSignature = Arbitraries.strings().ofMaxLength(80)
                .filter(s -> !s.equalsIgnoreCase(signature))
                .map(s -> new Mutated(TS, s, BODY, SECRET));
        Arbitrary<Mutated> otherSecret = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(64)
                .filter(s -> !s.equals(SECRET)).map(s -> new Mutated(TS, signature, BODY, s));
        Arbitrary<Mutated> missing = Arbitraries.of(new Mutated(null, signature, BODY, SECRET),
                new Mutated(TS, null, BODY, SECRET));
        return Arbitraries.oneOf(flipBodyBit, truncateOrExtendBody, otherTimestamp, flipSignatureChar,
                garbageSignature, otherSecret, missing);
    }
}
