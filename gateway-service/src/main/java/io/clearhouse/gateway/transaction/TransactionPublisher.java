package io.clearhouse.gateway.transaction;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.gateway.web.ServiceUnavailableException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Makes accepted transactions durable on {@link Topics#PROVIDER_TRANSACTIONS}. Completes only when
 * the broker acknowledged every record (acks=all, idempotent producer); any failure, or an open
 * circuit, becomes a 503 with Retry-After so the provider retries the whole request. A retried
 * batch whose first attempt partly landed is harmless: ingest recognises the repeats as duplicates.
 */
@Component
class TransactionPublisher {

    static final long RETRY_AFTER_SECONDS = 5;
    static final long BUSY_RETRY_AFTER_SECONDS = 1;
    private static final Logger log = LoggerFactory.getLogger(TransactionPublisher.class);

    private final KafkaTemplate<String, TransactionReceived> kafka;
    private final ReactiveCircuitBreaker breaker;

    TransactionPublisher(KafkaTemplate<String, TransactionReceived> kafka, ReactiveCircuitBreakerFactory<?, ?> breakers) {
        this.kafka = kafka;
        this.breaker = breakers.create("kafka");
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
    }

    Mono<Void> publish(List<TransactionReceived> transactions) {
        // send() may block up to max.block.ms waiting for metadata: never on an event-loop thread.
        Mono<Void> sends = Mono.fromCallable(() -> transactions.stream()
                        .map(tx -> kafka.send(Topics.PROVIDER_TRANSACTIONS, tx.key(), tx))
                        .toArray(CompletableFuture[]::new))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(futures -> Mono.fromFuture(CompletableFuture.allOf(futures)))
                // the futures complete on the producer's single network thread: answer the request elsewhere,
                // or every response written holds up the acknowledgements of all the others
                .publishOn(Schedulers.parallel());
        return breaker.run(sends, failure -> Mono.error(failure instanceof BulkheadFullException
                ? new ServiceUnavailableException("the gateway has too many publishes in flight; retry the whole "
                        + "request", BUSY_RETRY_AFTER_SECONDS, failure)
                : new ServiceUnavailableException("transactions cannot be made durable right now; retry the whole "
                        + "request", RETRY_AFTER_SECONDS, failure)));
    }
}
