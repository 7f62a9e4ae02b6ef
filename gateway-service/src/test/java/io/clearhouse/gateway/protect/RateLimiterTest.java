package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.gateway.auth.ApiClient;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.gateway.web.Refusal;
import java.util.List;
import java.util.Map;
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

    @Test
    void headersCountDownAndTheRefusalSaysWhenToRetry() {
        RateLimiter limiter = new RateLimiter();
        ApiClient c = client(1, 2);
        Map<String, String> first = limiter.consume(c, 2);
        assertThat(first).containsEntry("RateLimit-Remaining", "0").containsEntry("RateLimit-Limit", "2");
        assertThatThrownBy(() -> limiter.consume(c, 1)).isInstanceOfSatisfying(Refusal.class, r ->
                assertThat(r.headers()).containsKey("Retry-After"));
    }
}
