package io.clearhouse.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.gateway.web.ServiceUnavailableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class JdbcSchedulerTest {

    @Test
    void aFullQueueIsA503NotAFault() throws Exception {
        JdbcScheduler jdbc = new JdbcScheduler(1, 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Mono<String> busy = jdbc.call(() -> {
                running.countDown();
                release.await(10, TimeUnit.SECONDS);
                return "first";
            }).cache();
            busy.subscribe();
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            Mono<String> queued = jdbc.call(() -> "second").cache();
            queued.subscribe();

            assertThatThrownBy(() -> jdbc.call(() -> "third").block(Duration.ofSeconds(5)))
                    .isInstanceOf(ServiceUnavailableException.class)
                    .satisfies(e -> assertThat(((ServiceUnavailableException) e).retryAfterSeconds()).isPositive());

            release.countDown();
            assertThat(busy.block(Duration.ofSeconds(5))).isEqualTo("first");
            assertThat(queued.block(Duration.ofSeconds(5))).isEqualTo("second");
        } finally {
            release.countDown();
            jdbc.destroy();
        }
    }
}
