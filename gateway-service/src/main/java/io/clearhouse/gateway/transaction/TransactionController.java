package io.clearhouse.gateway.transaction;

import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.gateway.protect.JsonLimits;
import io.clearhouse.gateway.web.FieldError;
import io.clearhouse.gateway.web.InvalidRequestException;
import io.clearhouse.gateway.web.RequestContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * Provider ingest: validates strictly, publishes, and answers 202 only once Kafka holds every
 * transaction. A request with any fault publishes nothing.
 */
@RestController
class TransactionController {

    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final TransactionParser parser;
    private final TransactionPublisher publisher;
    private final ProviderResolver providers;
    private final JsonLimits json;
    private final Clock clock;
    private final int maxBatchSize;
    private final Counter accepted;

    TransactionController(TransactionPublisher publisher, ProviderResolver providers, JsonLimits json, Clock clock,
                          MeterRegistry meters, @Value("${clearhouse.ingest.max-batch-size:1000}") int maxBatchSize) {
        this.parser = new TransactionParser(clock);
        this.publisher = publisher;
        this.providers = providers;
        this.json = json;
        this.clock = clock;
        this.maxBatchSize = maxBatchSize;
        this.accepted = Counter.builder("clearhouse.gateway.transactions.accepted").register(meters);
    }

    @PostMapping(path = "/v1/transactions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Receipt>> submit(@RequestBody byte[] body, ServerWebExchange exchange) {
        String requestId = requestId(exchange);
        return providers.resolve(exchange).flatMap(providerId -> {
            JsonNode node = read(body, exchange);
            List<FieldError> errors = new ArrayList<>();
            TransactionReceived tx = parser.parse(node, "", providerId, now(), requestId, errors);
            if (tx == null) {
                return Mono.error(new InvalidRequestException("the transaction is not valid", errors));
            }
            return publisher.publish(List.of(tx)).then(Mono.fromSupplier(() -> {
                accepted.increment();
                Receipt receipt = Receipt.accepted(tx.providerTxId());
                return ResponseEntity.accepted().location(URI.create(receipt.statusUrl()))
                        .header(REQUEST_ID_HEADER, requestId).body(receipt);
            }));
        });
    }

    @PostMapping(path = "/v1/transactions/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<BatchReceipt>> submitBatch(@RequestBody byte[] body, ServerWebExchange exchange) {
        String requestId = requestId(exchange);
        return providers.resolve(exchange).flatMap(providerId -> {
            JsonNode node = read(body, exchange);
            if (node.getNodeType() != JsonNodeType.ARRAY || node.isEmpty()) {
                return Mono.error(new InvalidRequestException("a batch is a non-empty JSON array of transactions",
                        List.of(new FieldError("body", "must be a non-empty JSON array"))));
            }
            if (node.size() > maxBatchSize) {
                return Mono.error(new InvalidRequestException("the batch is too large",
                        List.of(new FieldError("body", "at most " + maxBatchSize + " transactions per batch"))));
            }
            List<FieldError> errors = new ArrayList<>();
            List<TransactionReceived> txs = new ArrayList<>(node.size());
            Set<String> seen = new HashSet<>();
            Instant receivedAt = now();
            for (int i = 0; i < node.size(); i++) {
                String path = "[" + i + "]";
                TransactionReceived tx = parser.parse(node.get(i), path, providerId, receivedAt, requestId, errors);
                if (tx != null && !seen.add(tx.providerTxId())) {
                    errors.add(new FieldError(path + ".providerTxId", "appears more than once in this batch"));
                }
                txs.add(tx);
            }
            if (!errors.isEmpty()) {
                return Mono.error(new InvalidRequestException(
                        "the batch has invalid transactions; none was accepted", errors));
            }
            return publisher.publish(txs).then(Mono.fromSupplier(() -> {
                accepted.increment(txs.size());
                List<Receipt> receipts = txs.stream().map(tx -> Receipt.accepted(tx.providerTxId())).toList();
                return ResponseEntity.accepted().header(REQUEST_ID_HEADER, requestId)
                        .body(new BatchReceipt(requestId, receipts.size(), receipts));
            }));
        });
    }

    private JsonNode read(byte[] body, ServerWebExchange exchange) {
        JsonNode parsed = JsonLimits.parsed(exchange);
        if (parsed != null) {
            return parsed;
        }
        try {
            return json.read(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("the body is not valid JSON",
                    List.of(new FieldError("body", "not valid JSON at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr())));
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private static String requestId(ServerWebExchange exchange) {
        return RequestContext.of(exchange).requestId();
    }
}
