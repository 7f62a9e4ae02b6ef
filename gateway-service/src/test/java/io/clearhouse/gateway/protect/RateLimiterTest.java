package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.clearhouse.gateway.auth.ApiClient;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.gateway.web.Refusal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static ApiClient client(int rate, int burst) {
        return new ApiClient("c-" + rate + "-" + burst, "hash", Role.PROVIDER, "acme", "s", List.of(), rate, burst,
                true, "test", null);
    }

    @Test
    void aRequestCostingMoreThanTheWholeBurstIsRefusedWithRetryAfter() {
        RateLimiter limiter = new RateLimiter();
        assertThatThrownBy(() -> limiter.consume(client(2, 5), 6)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.status().value()).isEqualTo(429);
            assertThat(r.headers()).containsKeys("Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
                    "RateLimit-Reset");
            assertThat(Long.parseLong(r.headers().get("Retry-After"))).isPositive();
            assertThat(r.detail()).contains("split it");
        });
    }

    /**
     * The bucket refills on the wall clock (one token a second here), so the refusal is asserted
     * only for an attempt whose two calls were less than a second apart; a machine that stalls for a
     * second between them (a loaded 2-core CI runner) gets another attempt with a fresh client.
     */
    @Test
    void headersCountDownAndTheRefusalSaysWhenToRetry() {
        RateLimiter limiter = new RateLimiter();
        for (int attempt = 0; attempt < 5; attempt++) {
            ApiClient fresh = new ApiClient("c-1-2-attempt-" + attempt, "hash", Role.PROVIDER, "acme", "s",
                    List.of(), 1, 2, true, "test", null); // a bucket of its own
            long start = System.nanoTime();
            Map<String, String> first = limiter.consume(fresh, 2);
            assertThat(first).containsEntry("RateLimit-Remaining", "0").containsEntry("RateLimit-Limit", "2");
            Throwable refused = catchThrowable(() -> limiter.consume(fresh, 1));
            boolean withinTheRefill = System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(900);
            if (refused == null && !withinTheRefill) {
                continue; // a token was legitimately refilled meanwhile
            }
            assertThat(refused).isInstanceOfSatisfying(Refusal.class, r -> {
                assertThat(r.status().value()).isEqualTo(429);
                assertThat(r.headers()).containsKey("Retry-After");
            });
            return;
        }
        fail("five attempts in a row took over a second between two calls");
    }
}
