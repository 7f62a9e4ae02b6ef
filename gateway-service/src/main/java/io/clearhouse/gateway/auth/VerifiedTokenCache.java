package io.clearhouse.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens the decoder has verified (signature, issuer, audience, type, times) for a short
 * while, so that a provider sending thousands of requests a second with the same bearer token pays
 * for the parse and the RSA verification once, not per request. Bounded ({@code maxEntries}, least
 * recently used dropped first); an entry lives at most {@code ttl} and never past its token's
 * {@code exp}: after either, the token is decoded (and judged) again. Only successes are cached, so a
 * bad token costs a verification every time, as before. What a cached token does not skip: the
 * per-request checks of its client (exists, enabled, secret version, network, rate), which
 * {@code ClientPolicyFilter} makes on every request; a verification key withdrawn from the key set
 * stops being honoured for the tokens it signed within {@code ttl}.
 */
public final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    public VerifiedTokenCache(ReactiveJwtDecoder delegate, Clock clock, Duration ttl, int maxEntries) {
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt cached = verified.getIfPresent(token);
        if (cached != null) {
            Instant expires = cached.getExpiresAt();
            if (expires != null && clock.instant().isBefore(expires)) {
                return Mono.just(cached);
            }
            verified.invalidate(token);
        }
        return delegate.decode(token).doOnNext(jwt -> {
            if (jwt.getExpiresAt() != null) {
                verified.put(token, jwt);
            }
        });
    }
}
