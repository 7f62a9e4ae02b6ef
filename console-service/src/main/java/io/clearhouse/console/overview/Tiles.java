package io.clearhouse.console.overview;

import io.clearhouse.console.gateway.GatewayProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.security.task.DelegatingSecurityContextAsyncTaskExecutor;
import org.springframework.ui.Model;

/**
 * The tiles of one page, read side by side on the application's bounded task pool (with the
 * person's security context, so each call carries their token): a page costs its slowest call, not
 * the sum. Each call is bounded by the gateway client's read timeout. A refused tile is kept for the
 * page to show; a 401 still ends the session (and cancels the tiles still running).
 */
final class Tiles implements AutoCloseable {

    private final AsyncTaskExecutor pool;
    private final Map<String, Future<Object>> pending = new LinkedHashMap<>();

    Tiles(AsyncTaskExecutor executor) {
        this.pool = new DelegatingSecurityContextAsyncTaskExecutor(executor);
    }

    void read(String name, Supplier<Object> call) {
        pending.put(name, pool.submit(call::get));
    }

    /** Waits for every tile; puts each in the model or its refusal in {@code unavailable}. */
    void into(Model model, Map<String, GatewayProblem> unavailable) {
        for (Map.Entry<String, Future<Object>> e : pending.entrySet()) {
            try {
                model.addAttribute(e.getKey(), e.getValue().get());
            } catch (ExecutionException failure) {
                Throwable cause = failure.getCause();
                if (cause instanceof GatewayProblem.Refused refused) {
                    unavailable.put(e.getKey(), refused.problem());
                } else if (cause instanceof RuntimeException r) {
                    throw r;
                } else {
                    throw new IllegalStateException(cause);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the page's tiles", interrupted);
            }
        }
    }

    @Override
    public void close() {
        pending.values().forEach(f -> f.cancel(true));
    }
}
