package io.clearhouse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class VerifiedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    /** Accepts "good-*" tokens expiring 15 minutes after T0, refuses anything else; counts its work. */
    private final ReactiveJwtDecoder decoder = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("client")
                .issuedAt(T0).expiresAt(T0.plus(Duration.ofMinutes(15))).build());
    };

    private final VerifiedTokenCache cache = new VerifiedTokenCache(decoder, clock, Duration.ofSeconds(60), 100);

    @Test
    void aTokenUsedAgainIsVerifiedOnce() {
        for (int i = 0; i < 5; i++) {
            assertThat(cache.decode("good-1").block().getSubject()).isEqualTo("client");
        }

        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRefusedTokenIsVerifiedAndRefusedEveryTime() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cache.decode("forged").block()).isInstanceOf(BadJwtException.class);
        }

        assertThat(verifications).hasValue(3);
    }

    @Test
    void aTokenPastItsExpiryIsNeverServedFromTheCache() {
        cache.decode("good-2").block();
        now = T0.plus(Duration.ofMinutes(15));

        cache.decode("good-2").block();

        assertThat(verifications).as("judged again by the decoder, whose validators refuse it in production")
                .hasValue(2);
    }
}
