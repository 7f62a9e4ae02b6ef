package io.clearhouse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.gateway.web.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token endpoint's failed-login throttle counts a failure before the comparison it pays for. */
class FailedLoginThrottleTest {

    private final FailedLoginThrottle throttle = new FailedLoginThrottle(5, Duration.ofHours(1));

    @Test
    void aConcurrentWaveFromOneAddressGetsNoMoreComparisonsThanTheBurst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> wave = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                wave.add(() -> {
                    try {
                        throttle.reserve("198.51.100.1");
                        return true; // would now run bcrypt, and fail
                    } catch (Refusal r) {
                        return false;
                    }
                });
            }
            int admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(wave, 10, TimeUnit.SECONDS)) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void successesGiveTheirReservationBackSoTheRightSecretIsNeverThrottled() {
        for (int i = 0; i < 100; i++) {
            throttle.reserve("198.51.100.2");
            throttle.succeeded("198.51.100.2");
        }
        for (int i = 0; i < 5; i++) {
            throttle.reserve("198.51.100.2");
        }
        assertThatThrownBy(() -> throttle.reserve("198.51.100.2")).isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).headers()).containsKey("Retry-After"));
    }

    @Test
    void anotherAddressHasItsOwnAllowance() {
        for (int i = 0; i < 5; i++) {
            throttle.reserve("198.51.100.3");
        }
        assertThatThrownBy(() -> throttle.reserve("198.51.100.3")).isInstanceOf(Refusal.class);
        org.assertj.core.api.Assertions.assertThatCode(() -> throttle.reserve("198.51.100.4"))
                .doesNotThrowAnyException();
    }
}
