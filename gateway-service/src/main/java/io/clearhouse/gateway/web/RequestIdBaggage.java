package io.clearhouse.gateway.web;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareBaggageThreadLocalAccessor;
import io.micrometer.tracing.contextpropagation.reactor.ReactorBaggage;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.util.context.Context;

/**
 * Puts the request id in the MDC ({@value #FIELD}) of the lines logged while a request is handled, as
 * the servlet services' {@code CallerFilter} does. WebFlux has no thread per request to hold it: the id
 * rides in the Reactor context as Micrometer Tracing baggage beside the request's span, and the baggage
 * accessor registered here makes it current with the span wherever {@link RequestThreadLocals} restores
 * the request's thread locals; {@code management.tracing.baggage.correlation.fields} copies it into the
 * MDC. The server observation (the span) starts before any WebFilter, so a baggage scope opened in a
 * filter would hold on that filter's thread only. Inside the chain this value wins over a
 * {@code requestId} in the caller's own {@code baggage} header.
 */
@Component
public class RequestIdBaggage {

    /** The baggage field and MDC key (named in {@code management.tracing.baggage.*}). */
    public static final String FIELD = "requestId";

    RequestIdBaggage(ObservationRegistry observations, Tracer tracer) {
        // one accessor per key: a later registration (another application context) replaces this one
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor(new ObservationAwareBaggageThreadLocalAccessor(observations, tracer));
    }

    /** For {@code contextWrite}: the request id as baggage for everything upstream. */
    public Function<Context, Context> of(String requestId) {
        return ReactorBaggage.append(FIELD, requestId);
    }
}
