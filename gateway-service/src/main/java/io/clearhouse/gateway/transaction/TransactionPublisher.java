package io.clearhouse.gateway.transaction;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.gateway.web.ServiceUnavailableException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
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

    private final KafkaTemplate<String, TransactionReceived> kafka;
    private final ReactiveCircuitBreaker breaker;

    TransactionPublisher(KafkaTemplate<String, TransactionReceived> kafka, ReactiveCircuitBreakerFactory<?, ?> breakers) {
        this.kafka = kafka;
        this.breaker = breakers.create("kafka");
    }

    Mono<Void> publish(List<TransactionReceived> transactions) {
        // send() may block up to max.block.ms waiting for metadata: never on an event-loop thread.
        Mono<Void> sends = Mono.fromCallable(() -> transactions.stream()
                        .map(tx -> kafka.send(Topics.PROVIDER_TRANSACTIONS, tx.key(), tx))
                        .toArray(CompletableFuture[]::new))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(futures -> Mono.fromFuture(CompletableFuture.allOf(futures)));
        return breaker.run(sends, failure -> Mono.error(new ServiceUnavailableException(
                "transactions cannot be made durable right now; retry the whole request", RETRY_AFTER_SECONDS,
                failure)));
    }
}
