package io.clearhouse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void previousKeyVerifiesUntilItsLastTokenExpiredThenDisappears() throws Exception {
        SigningKeys keys = SigningKeys.inMemory(clock, Duration.ofMinutes(15));
        String first = keys.current().getKeyID();
        String second = keys.rotate();
        assertThat(second).isNotEqualTo(first);
        assertThat(keys.verificationKeys()).extracting(JWK::getKeyID).containsExactly(second, first);
        now.set(now.get().plus(Duration.ofMinutes(16)));
        assertThat(keys.verificationKeys()).extracting(JWK::getKeyID).containsExactly(second);
        assertThat(keys.publicJwkSet().getKeys()).allMatch(k -> !k.isPrivate());
    }

    @Test
    void managedKeysArePersistedOwnerOnlyAndReloaded() throws Exception {
        Path file = Files.createTempDirectory("keys").resolve("gateway").resolve("signing-keys.jwks.json");
        SigningKeys keys = SigningKeys.managed(file, clock, Duration.ofMinutes(15));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String rotated = keys.rotate();
        SigningKeys reloaded = SigningKeys.managed(file, clock, Duration.ofMinutes(15));
        assertThat(reloaded.current().getKeyID()).isEqualTo(rotated);
        assertThat(reloaded.verificationKeys()).hasSize(2);
    }
}
