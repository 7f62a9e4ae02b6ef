package io.clearhouse.gateway.transaction;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.gateway.web.ServiceUnavailableException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * Makes accepted transactions durable on {@link Topics#PROVIDER_TRANSACTIONS}. Completes only when
 * the broker acknowledged every record (acks=all, idempotent producer); any failure, or an open
 * circuit, becomes a 503 with Retry-After so the provider retries the whole request.
 *
 * <p>A batch is published all or nothing, in one Kafka transaction: after a 503 none of it is visible
 * to ingest (which reads {@code read_committed}), so what the provider was told (not accepted) is what
 * happened. A lone transaction needs no transaction and keeps the cheaper idempotent send. Each
 * gateway process has its own transactional ids ({@code prefix + random}), so replicas never fence
 * each other.
 *
 * <p>Every record carries the request's W3C {@code traceparent}, so the consumers' logs name the trace the
 * gateway started. The tracer's propagator writes it once per request and each record gets a copy: an
 * observed template started, propagated and stopped an observation for every record, a fifth of the
 * gateway's CPU on batches of 1,000 (JFR, 2026-12-03).
 */
@Component
class TransactionPublisher implements DisposableBean {

    static final String TRACEPARENT = "traceparent";
    static final long RETRY_AFTER_SECONDS = 5;
    static final long BUSY_RETRY_AFTER_SECONDS = 1;
    private static final int TRANSACTION_INIT_MAX_BLOCK_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(TransactionPublisher.class);

    private final KafkaTemplate<String, TransactionReceived> kafka;
    private final DefaultKafkaProducerFactory<String, TransactionReceived> batchProducers;
    private final KafkaTemplate<String, TransactionReceived> batches;
    private final ReactiveCircuitBreaker breaker;
    private final Propagator propagator;

    TransactionPublisher(KafkaTemplate<String, TransactionReceived> kafka, KafkaProperties properties,
                         ReactiveCircuitBreakerFactory<?, ?> breakers,
                         @Value("${clearhouse.gateway.kafka.transactional-id-prefix:gateway-}") String prefix,
                         ObjectProvider<Propagator> propagator) {
        this.kafka = kafka;
        // resolved once: a lookup per request walked the bean factory's candidates (~5 % of the CPU)
        this.propagator = propagator.getIfAvailable();
        Map<String, Object> config = new HashMap<>(properties.buildProducerProperties());
        // initTransactions() may have to wait for the coordinator longer than a send waits for metadata
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TRANSACTION_INIT_MAX_BLOCK_MS);
        this.batchProducers = new DefaultKafkaProducerFactory<>(config);
        this.batchProducers.setTransactionIdPrefix(prefix + UUID.randomUUID() + "-");
        this.batches = new KafkaTemplate<>(batchProducers);
        this.breaker = breakers.create("kafka");
    }

    @Override
    public void destroy() {
        batchProducers.destroy();
    }

    /**
     * Fetches the topic's metadata once the gateway is up, in the background, so that the first
     * provider request does not spend the producer's bounded metadata wait (a 503 on a busy machine).
     */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Mono.fromRunnable(() -> kafka.partitionsFor(Topics.PROVIDER_TRANSACTIONS))
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(ok -> { }, e -> log.warn("Kafka metadata not available yet: {}", e.getMessage()));
        // the first transactional producer finds its coordinator (on a new cluster the broker creates
        // its transaction log then): an empty transaction now, so that the first batch does not wait
        Mono.fromRunnable(() -> batches.executeInTransaction(ops -> null))
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(ok -> { }, e -> log.warn("Kafka transactions not available yet: {}", e.getMessage()));
    }

    Mono<Void> publish(List<TransactionReceived> transactions) {
        Mono<Void> sends = Mono.deferContextual(context -> send(transactions, traceparent(context)))
                // the futures complete on the producer's single network thread: answer the request elsewhere,
                // or every response written holds up the acknowledgements of all the others
                .publishOn(Schedulers.parallel());
        return breaker.run(sends, failure -> Mono.error(failure instanceof BulkheadFullException
                ? new ServiceUnavailableException("the gateway has too many publishes in flight; retry the whole "
                        + "request", BUSY_RETRY_AFTER_SECONDS, failure)
                : new ServiceUnavailableException("transactions cannot be made durable right now; retry the whole "
                        + "request", RETRY_AFTER_SECONDS, failure)));
    }

    private Mono<Void> send(List<TransactionReceived> transactions, byte[] traceparent) {
        // send() may block up to max.block.ms waiting for metadata: never on an event-loop thread.
        if (transactions.size() == 1) {
            return Mono.fromCallable(() -> kafka.send(record(transactions.get(0), traceparent)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(Mono::fromFuture).then();
        }
        return Mono.<Void>fromRunnable(() -> batches.executeInTransaction(ops -> {
                    // the commit flushes and waits for every record; an abort hides them all
                    transactions.forEach(tx -> ops.send(record(tx, traceparent)));
                    return null;
                })).subscribeOn(Schedulers.boundedElastic());
    }

    private static ProducerRecord<String, TransactionReceived> record(TransactionReceived tx, byte[] traceparent) {
        ProducerRecord<String, TransactionReceived> record =
                new ProducerRecord<>(Topics.PROVIDER_TRANSACTIONS, tx.key(), tx);
        if (traceparent != null) {
            record.headers().add(TRACEPARENT, traceparent);
        }
        return record;
    }

    /**
     * The W3C {@code traceparent} of the request's span, as the tracer's propagator writes it (the way
     * service-support's outbox writer takes it), or null without a tracer or outside a span. The span is
     * the one of the request's server observation, which WebFlux keeps in the Reactor context: read there,
     * nothing is made current on a thread for it.
     */
    private byte[] traceparent(ContextView context) {
        Observation observation = propagator == null ? null
                : context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        TracingObservationHandler.TracingContext tracing = observation == null ? null
                : observation.getContextView().get(TracingObservationHandler.TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(span.context(), headers, Map::put);
        String value = headers.get(TRACEPARENT);
        return value == null ? null : value.getBytes(StandardCharsets.US_ASCII);
    }
}
