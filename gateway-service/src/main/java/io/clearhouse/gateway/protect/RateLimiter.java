package io.clearhouse.gateway.protect;

import io.clearhouse.gateway.auth.ApiClient;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A token bucket per client (Bucket4j, in this gateway instance's memory: with N instances behind a
 * balancer a client gets up to N times its rate). Capacity = the client's burst, refilled at its
 * rate per second; a request costs 1, a batch its item count.
 */
@Component
public class RateLimiter {

    private record Limited(int rate, int burst, Bucket bucket) {
    }

    private final ConcurrentMap<String, Limited> buckets = new ConcurrentHashMap<>();

    /** Takes {@code cost} tokens or throws a 429; returns the RateLimit-* headers to send either way. */
    public Map<String, String> consume(ApiClient client, long cost) {
        Limited l = buckets.compute(client.clientId(), (id, existing) ->
                existing != null && existing.rate() == client.ratePerSecond() && existing.burst() == client.burst()
                        ? existing : new Limited(client.ratePerSecond(), client.burst(), Bucket.builder()
                        .addLimit(Bandwidth.builder().capacity(client.burst())
                                .refillGreedy(client.ratePerSecond(), Duration.ofSeconds(1)).build())
                        .build()));
        ConsumptionProbe probe = l.bucket().tryConsumeAndReturnRemaining(cost);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", Integer.toString(l.burst()));
        headers.put("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        long untilFull = (l.burst() - probe.getRemainingTokens() + l.rate() - 1) / l.rate();
        headers.put("RateLimit-Reset", Long.toString(Math.max(0, untilFull)));
        if (probe.isConsumed()) {
            return headers;
        }
        if (cost > l.burst()) {
            // never fits as sent; a client that retries as told waits for a full bucket, not for nothing
            headers.put("Retry-After", Long.toString(Math.max(1, untilFull)));
            throw new Refusal(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED, "Too many requests",
                    "this request costs " + cost + " but your limit allows at most " + l.burst()
                            + " at once: split it", headers);
        }
        long wait = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        headers.put("Retry-After", Long.toString(wait));
        throw new Refusal(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED, "Too many requests",
                "rate limit of " + l.rate() + " per second (burst " + l.burst() + ") exceeded; retry after " + wait
                        + " s", headers);
    }

    /** Forgets a client's bucket (its limits changed, or it was disabled). */
    public void forget(String clientId) {
        buckets.remove(clientId);
    }
}
