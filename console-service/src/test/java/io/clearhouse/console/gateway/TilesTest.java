package io.clearhouse.console.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clearhouse.console.config.ConsoleProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

class TilesTest {

    private final ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();

    @BeforeEach
    void start() {
        pool.setCorePoolSize(4);
        pool.setQueueCapacity(10);
        pool.initialize();
    }

    @AfterEach
    void stop() {
        pool.shutdown();
        SecurityContextHolder.clearContext();
    }

    @Test
    void callsRunSideBySideWithTheCallersSecurityContextAndAnswerInOrder() {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("fin.maker", "token"));
        GatewayCalls calls = new GatewayCalls(pool, new ConsoleProperties("http://gw", null, Duration.ofSeconds(1),
                Duration.ofSeconds(2)));
        assertThat(calls.deadline()).isEqualTo(Duration.ofSeconds(4));
        CountDownLatch both = new CountDownLatch(2);
        Map<String, Object> answers = new LinkedHashMap<>();
        try (Tiles tiles = calls.tiles()) {
            for (String name : List.of("a", "b")) {
                tiles.read(name, () -> {
                    both.countDown();
                    try {
                        // each waits for the other: only concurrent calls get past this in time
                        return both.await(3, TimeUnit.SECONDS) ? SecurityContextHolder.getContext().getAuthentication().getName()
                                : "alone";
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            tiles.into(answers::put, new LinkedHashMap<>());
        }
        assertThat(answers).containsExactly(Map.entry("a", "fin.maker"), Map.entry("b", "fin.maker"));
    }

    @Test
    void aCallPastThePagesDeadlineIsUnavailableAndCancelled() {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Map<String, Object> answers = new LinkedHashMap<>();
        Map<String, GatewayProblem> unavailable = new LinkedHashMap<>();
        try (Tiles tiles = new Tiles(pool, Duration.ofMillis(200))) {
            tiles.read("fast", () -> 1);
            tiles.read("slow", () -> {
                try {
                    return never.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    return false;
                }
            });
            tiles.read("refused", () -> {
                throw new GatewayProblem.Refused(new GatewayProblem(403, "Forbidden", "no", List.of()));
            });
            tiles.into(answers::put, unavailable);
        }
        assertThat(answers).containsExactly(Map.entry("fast", 1));
        assertThat(unavailable).containsOnlyKeys("slow", "refused");
        assertThat(unavailable.get("slow").status()).isEqualTo(504);
        assertThat(unavailable.get("refused").status()).isEqualTo(403);
        // the late call was cancelled: its thread interrupted
        await().atMost(Duration.ofSeconds(5)).until(() -> interrupted.getCount() == 0);
    }

    @Test
    void theGatewaysRefusalOfTheSessionEndsThePage() {
        try (Tiles tiles = new Tiles(pool, Duration.ofSeconds(5))) {
            tiles.read("a", () -> {
                throw new GatewayProblem.SessionEnded();
            });
            assertThatThrownBy(() -> tiles.into((k, v) -> { }, new LinkedHashMap<>()))
                    .isInstanceOf(GatewayProblem.SessionEnded.class);
        }
    }
}
