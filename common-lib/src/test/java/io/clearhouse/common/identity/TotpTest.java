package io.clearhouse.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 appendix B's SHA-1 key. */
    private static final String RFC_SECRET = new Base32().encodeToString(
            "12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void matchesTheRfc6238TestVectors() {
        assertThat(Totp.code("12345678901234567890".getBytes(StandardCharsets.US_ASCII), Totp.step(Instant.ofEpochSecond(59)), 8))
                .isEqualTo("94287082");
        assertThat(Totp.code("12345678901234567890".getBytes(StandardCharsets.US_ASCII),
                Totp.step(Instant.ofEpochSecond(1111111109)), 8)).isEqualTo("07081804");
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(1234567890))).isEqualTo("005924");
    }

    @Test
    void acceptsTheNeighbouringStepsOnlyAndSaysWhichStep() {
        String secret = Totp.newSecret();
        Instant now = Instant.parse("2026-12-02T12:00:10Z");
        long step = Totp.step(now);
        assertThat(Totp.verify(secret, Totp.code(secret, step), now)).hasValue(step);
        assertThat(Totp.verify(secret, Totp.code(secret, step - 1), now)).hasValue(step - 1);
        assertThat(Totp.verify(secret, Totp.code(secret, step + 1), now)).hasValue(step + 1);
        assertThat(Totp.verify(secret, Totp.code(secret, step - 2), now)).isEmpty();
        assertThat(Totp.verify(secret, "12345", now)).isEmpty();
        assertThat(Totp.verify(secret, "abcdef", now)).isEmpty();
        assertThat(Totp.verify(secret, null, now)).isEmpty();
    }

    @Test
    void secretsAreUnpadded160BitBase32AndTheUriNamesThem() {
        String secret = Totp.newSecret();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(Totp.otpauthUri("Clearhouse", "alice", secret))
                .isEqualTo("otpauth://totp/Clearhouse%3Aalice?secret=" + secret
                        + "&issuer=Clearhouse&algorithm=SHA1&digits=6&period=30");
    }
}
