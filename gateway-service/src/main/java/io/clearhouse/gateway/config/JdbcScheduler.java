package io.clearhouse.gateway.config;

import io.clearhouse.gateway.web.ServiceUnavailableException;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where the gateway's blocking JDBC work runs (client lookups, the token endpoint's client reads,
 * access-log queries, client administration): its own threads, as many as the connection pool has
 * connections, with a bounded queue in front. Kept apart from {@code Schedulers.boundedElastic()},
 * where Kafka sends block while the broker is slow, so that neither can take the other's threads;
 * and no thread here waits for a connection, since there are no more threads than connections.
 * The access-log writer has its own single thread and does not use this.
 */
@Component
public class JdbcScheduler implements DisposableBean {

    private final Scheduler scheduler;

    JdbcScheduler(@Value("${spring.datasource.hikari.maximum-pool-size:5}") int threads,
                  @Value("${clearhouse.gateway.jdbc.queue-capacity:10000}") int queueCapacity) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queueCapacity, "gateway-jdbc", 60, true);
    }

    /**
     * Runs {@code work} on a JDBC thread. A full queue is the gateway being overloaded, not a fault:
     * it errors with {@link ServiceUnavailableException} (503 with {@code Retry-After}).
     */
    public <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, e -> new ServiceUnavailableException(
                        "the gateway is busy; retry shortly", 1, e));
    }

    /** The same threads as an {@link Executor} (for caches that load asynchronously). */
    public Executor executor() {
        return task -> scheduler.schedule(task);
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
