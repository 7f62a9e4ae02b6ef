package io.clearhouse.gateway.auth;

import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Slows down secret guessing at the token endpoint: each source address may fail client
 * authentication {@code burst} times, then once per {@code refill} period; beyond that its token
 * requests get 429 until the bucket refills.
 *
 * <p>Every attempt reserves its failure <em>before</em> the client lookup and the bcrypt comparison,
 * and a success gives it back, so a client with the right secret is never throttled here, while a
 * concurrent wave of guesses from one address gets at most {@code burst} comparisons: checking first
 * and counting after the (slow) comparison let a whole wave through. In memory per gateway instance,
 * bounded.
 */
@Component
class FailedLoginThrottle {

    private static final int MAX_ADDRESSES = 100_000;

    private final ConcurrentMap<String, Bucket> failures = new ConcurrentHashMap<>();
    private final int burst;
    private final Duration refill;

    FailedLoginThrottle(@Value("${clearhouse.gateway.auth.failed-logins.burst:20}") int burst,
                        @Value("${clearhouse.gateway.auth.failed-logins.refill:6s}") Duration refill) {
        this.burst = burst;
        this.refill = refill;
    }

    /** Takes one failure from the address's allowance, or throws a 429 when it has none left. */
    void reserve(String address) {
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            failures.clear();
        }
        Bucket bucket = failures.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(1, refill).build()).build());
        if (!bucket.tryConsume(1)) {
            long wait = Math.max(1, refill.toSeconds());
            throw new Refusal(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED, "Too many failed logins",
                    "too many failed client authentications from this address; retry later",
                    Map.of("Retry-After", Long.toString(wait)));
        }
    }

    /** The attempt authenticated: its reservation is given back. */
    void succeeded(String address) {
        Bucket bucket = failures.get(address);
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }
}
