package io.clearhouse.console.gateway;

import io.clearhouse.console.config.ConsoleProperties;
import java.time.Duration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.security.task.DelegatingSecurityContextAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Where a page's independent gateway calls run side by side ({@link Tiles}): the application's task pool
 * ({@code spring.task.execution}: {@code CLEARHOUSE_CONSOLE_TILE_THREADS} threads, a bounded queue), each
 * task carrying the signed-in person's security context. A page waits at most {@link #deadline()}: one
 * call's connect and read timeouts, plus a second for the queue.
 */
@Component
public class GatewayCalls {

    private final AsyncTaskExecutor pool;
    private final Duration deadline;

    GatewayCalls(AsyncTaskExecutor applicationTaskExecutor, ConsoleProperties props) {
        this.pool = new DelegatingSecurityContextAsyncTaskExecutor(applicationTaskExecutor);
        this.deadline = props.connectTimeout().plus(props.readTimeout()).plusSeconds(1);
    }

    /** The calls of one page; close it (try-with-resources) to cancel whatever is still running. */
    public Tiles tiles() {
        return new Tiles(pool, deadline);
    }

    public Duration deadline() {
        return deadline;
    }
}
