package io.clearhouse.ingest;

import io.clearhouse.ingest.transaction.BatchHooks;
import io.clearhouse.testsupport.ServiceTestSupport;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context every ingest IT shares (same annotations, same properties): the real
 * service against the test JVM's PostgreSQL and Kafka broker, with crash hooks a test can arm.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "clearhouse.ingest.rollback-sweep-ms=300",
        "clearhouse.kafka.retry-max-interval-ms=1000",
        "spring.kafka.consumer.max-poll-records=200",
        // tests sign the days they need themselves (DailyHeadSigner.signCompletedDays)
        "clearhouse.audit.heads.initial-delay-ms=3600000",
        "clearhouse.audit.heads.interval-ms=3600000"})
@Import(IngestIntegrationTest.Hooks.class)
public abstract class IngestIntegrationTest {

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        ServiceTestSupport.register(registry, "ingest");
        registry.add("clearhouse.audit.signing-key-file", TestAuditKeys::privateKeyFile);
        registry.add("clearhouse.audit.public-key-file", TestAuditKeys::publicKeyFile);
    }

    /** Where a crash is simulated next (once), and what to do there. */
    public static final AtomicReference<Runnable> CRASH_AFTER_WRITES = new AtomicReference<>();
    public static final AtomicReference<Runnable> CRASH_AFTER_COMMIT = new AtomicReference<>();

    /** A test that failed before its crash point was reached must not crash the next test's batch. */
    @AfterEach
    void disarmCrashHooks() {
        CRASH_AFTER_WRITES.set(null);
        CRASH_AFTER_COMMIT.set(null);
    }

    @TestConfiguration
    static class Hooks {
        @Bean
        @Primary
        BatchHooks crashHooks() {
            return new BatchHooks() {
                @Override
                public void afterWrites() {
                    Runnable r = CRASH_AFTER_WRITES.getAndSet(null);
                    if (r != null) {
                        r.run();
                    }
                }

                @Override
                public void afterCommit() {
                    Runnable r = CRASH_AFTER_COMMIT.getAndSet(null);
                    if (r != null) {
                        r.run();
                    }
                }
            };
        }
    }
}
