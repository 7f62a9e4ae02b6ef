package io.clearhouse.console.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.ui.Model;

/**
 * The independent gateway calls of one page, made side by side on the application's bounded task pool
 * with the person's security context (so each call carries their token, as {@link GatewayHttp} reads it
 * from there): a page costs its slowest call, not the sum. Each call is bounded by the gateway client's
 * timeouts, and the page by {@link GatewayCalls#deadline()}: a call still running then is shown as
 * unavailable (504) and cancelled. A refused call is kept for the page to show; a 401 still ends the
 * session (and cancels the calls still running). Made by {@link GatewayCalls#tiles()}; one per request.
 */
public final class Tiles implements AutoCloseable {

    private final AsyncTaskExecutor pool;
    private final long deadlineNanos;
    private final Map<String, Future<Object>> pending = new LinkedHashMap<>();

    Tiles(AsyncTaskExecutor securityContextPool, Duration deadline) {
        this.pool = securityContextPool;
        this.deadlineNanos = System.nanoTime() + deadline.toNanos();
    }

    /** Starts {@code call}; its answer is named {@code name}. */
    public void read(String name, Supplier<Object> call) {
        pending.put(name, pool.submit(call::get));
    }

    /** Waits for every call; puts each answer in the model, or its refusal in {@code unavailable}. */
    public void into(Model model, Map<String, GatewayProblem> unavailable) {
        into(model::addAttribute, unavailable);
    }

    /**
     * Waits for every call, in the order they were started; gives each answer to {@code answered}, or
     * its refusal to {@code unavailable}. A null answer is given as null.
     */
    public void into(BiConsumer<String, Object> answered, Map<String, GatewayProblem> unavailable) {
        for (Map.Entry<String, Future<Object>> e : pending.entrySet()) {
            try {
                long left = deadlineNanos - System.nanoTime();
                answered.accept(e.getKey(), e.getValue().get(Math.max(left, 0), TimeUnit.NANOSECONDS));
            } catch (TimeoutException late) {
                e.getValue().cancel(true);
                unavailable.put(e.getKey(), new GatewayProblem(504, "Gateway Timeout",
                        "The gateway did not answer in time.", List.of()));
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
