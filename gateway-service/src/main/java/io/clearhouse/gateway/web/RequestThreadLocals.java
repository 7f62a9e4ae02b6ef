package io.clearhouse.gateway.web;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Makes a request's trace (its span) and request id ({@link RequestIdBaggage}, in the MDC) current on
 * this thread for one piece of work, from the Reactor context the request carries.
 *
 * <p>The gateway restores them only where they are read ({@code spring.reactor.context-propagation=limited}):
 * restoring them around every Reactor operator of every request ({@code auto}) cost ~40 % of the gateway's
 * CPU on single transactions (JFR, 2026-12-04: context snapshots, baggage scopes and MDC writes at each
 * hop), for the few lines a request ever logs. (The {@code traceparent} the publisher puts on records is
 * read from the request's observation in the Reactor context, without a thread local.)
 */
public final class RequestThreadLocals {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    private RequestThreadLocals() {
    }

    /** A Mono of {@code work}'s result, computed at subscription with the subscriber's thread locals current. */
    public static <T> Mono<T> defer(Supplier<T> work) {
        return Mono.deferContextual(context -> {
            try (ContextSnapshot.Scope ignored = SNAPSHOTS.setThreadLocalsFrom(context)) {
                return Mono.justOrEmpty(work.get());
            }
        });
    }
}
