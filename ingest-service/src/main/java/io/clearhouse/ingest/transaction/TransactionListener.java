package io.clearhouse.ingest.transaction;

import io.clearhouse.support.kafka.ConsumedOffsets;
import io.clearhouse.support.observability.Traceparent;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.db.PoisonIsolation;
import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.common.transaction.TransactionType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#PROVIDER_TRANSACTIONS} in batches; each batch is one database transaction
 * ({@link TransactionRecorder}) that also stores the partitions' next offsets, and on assignment the
 * consumer seeks to those stored offsets. A crash anywhere between poll and commit therefore replays
 * exactly the records whose effects did not commit.
 * <p>
 * A record that cannot be read or breaks a rule (the shared {@link TransactionRules} included, judged at
 * the record's {@code receivedAt}) is published to {@code provider.transactions.v1.DLT} (same
 * partition; reason and original coordinates in headers) before the batch's transaction, and the rest
 * of the batch is recorded: the partition keeps flowing. So is a record the database itself refuses
 * (SQLSTATE class 22 or 23), found by recording the batch in halves. One bad record never blocks a
 * partition; only infrastructure errors are retried (without end, by the error handler). Should the database transaction
 * then fail, the record is published again on redelivery (the DLT is at-least-once; its headers name
 * the original coordinates, which {@code ./clearhouse dlt list} shows).
 */
@Component
class TransactionListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(TransactionListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(TransactionListener.class));
    /** Judging again after a concurrent writer won a key is bounded; then the error handler retries. */
    private static final int MAX_JUDGEMENTS = 5;
    private static final String RECON_ADJUSTMENT = TransactionRules.RESERVED_ID_PREFIX + "adj-";
    private static final String RECON_REVERSAL = TransactionRules.RESERVED_ID_PREFIX + "rev-";

    private final TransactionRecorder recorder;
    private final ConsumedOffsets offsets;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final BatchHooks hooks;
    private final Clock clock;
    private final FlowMetrics metrics;

    TransactionListener(TransactionRecorder recorder, ConsumedOffsets offsets, DeadLetterPublishingRecoverer deadLetters,
                        BatchHooks hooks, Clock clock, FlowMetrics metrics) {
        this.metrics = metrics;
        this.recorder = recorder;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.hooks = hooks;
        this.clock = clock;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        assignments.keySet().forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        byTopic.forEach((topic, ps) -> offsets.read(topic, ps).forEach((partition, next) -> {
            log.info("Seeking {}-{} to stored offset {}", topic, partition, next);
            callback.seek(topic, partition, next);
        }));
    }

    @KafkaListener(id = "ingest-transactions", groupId = "ingest", idIsGroup = false, topics = Topics.PROVIDER_TRANSACTIONS,
            batch = "true", concurrency = "${clearhouse.ingest.consumers:2}")
    void onBatch(List<ConsumerRecord<String, TransactionReceived>> records) {
        if (!records.isEmpty()) {
            metrics.timeBatch(() -> consume(records));
        }
    }

    private void consume(List<ConsumerRecord<String, TransactionReceived>> records) {
        String topic = records.get(0).topic();
        Set<Integer> partitions = new TreeSet<>();
        records.forEach(r -> partitions.add(r.partition()));
        // records whose effects already committed (a redelivery after a crash) are not even looked at
        Map<Integer, Long> stored = offsets.read(topic, partitions);
        Instant now = clock.instant();
        List<Entry> entries = new ArrayList<>(records.size());
        for (ConsumerRecord<String, TransactionReceived> record : records) {
            if (record.offset() < stored.getOrDefault(record.partition(), 0L)) {
                entries.add(new Entry(record, null));
                continue;
            }
            RuntimeException fault = check(record, now);
            if (fault != null) {
                log.warn("Record {}-{}@{} goes to the DLT: {}", record.topic(), record.partition(), record.offset(),
                        fault.getMessage());
                deadLetters.accept(record, fault);
                entries.add(new Entry(record, null));
                continue;
            }
            entries.add(new Entry(record, new IncomingTransaction(record.value(), record.partition(), record.offset(),
                    Traceparent.of(record.headers()))));
        }
        recordIsolatingDataErrors(topic, entries);
        hooks.afterCommit();
    }

    /** A consumed record and what is to be recorded of it (null: skipped or dead-lettered, offset only). */
    private record Entry(ConsumerRecord<String, TransactionReceived> record, IncomingTransaction in) {
    }

    /** Records the entries; a record the database refuses goes to the DLT alone ({@link PoisonIsolation}). */
    private void recordIsolatingDataErrors(String topic, List<Entry> entries) {
        PoisonIsolation.write(entries, e -> e.in() != null, run -> recordRejudging(topic, run), (bad, reason) -> {
            log.warn("Record {}-{}@{} goes to the DLT: {}", bad.record().topic(), bad.record().partition(),
                    bad.record().offset(), reason);
            deadLetters.accept(bad.record(), new InvalidTransactionException(reason));
            return new Entry(bad.record(), null);
        });
    }

    private void recordRejudging(String topic, List<Entry> entries) {
        Map<Integer, Long> next = new TreeMap<>();
        List<IncomingTransaction> valid = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            next.merge(entry.record().partition(), entry.record().offset() + 1, Math::max);
            if (entry.in() != null) {
                valid.add(entry.in());
            }
        }
        BatchOutcome outcome = null;
        for (int attempt = 1; outcome == null; attempt++) {
            try {
                outcome = recorder.record(topic, valid, next);
            } catch (ConcurrentJudgementException e) {
                if (attempt >= MAX_JUDGEMENTS) {
                    throw e;
                }
                log.info("Judging the batch again ({}): {}", attempt, e.getMessage());
            }
        }
        log.debug("Batch of {}: {}", entries.size(), outcome);
    }

    /**
     * Who created the transaction, for the reserved id namespace. Nothing on a record says who
     * produced it: reconciliation posts its adjustments with the operator's gateway request id, like
     * any request, and the topic carries no producer identity. Only two producers write the topic:
     * the gateway, which refuses {@code recon-} ids from providers (so such an id from the gateway
     * can only predate that rule), and reconciliation, whose postings are exactly ADJUSTMENTs with
     * ids {@code recon-adj-…} or {@code recon-rev-…}. Those are judged as reconciliation's; anything
     * else in the namespace (a {@code recon-} BET, {@code recon-x}) is a provider's and poison.
     */
    static TransactionRules.Origin originOf(TransactionReceived tx) {
        String id = tx.providerTxId();
        boolean reconciliationShaped = tx.type() == TransactionType.ADJUSTMENT && id != null
                && (id.startsWith(RECON_ADJUSTMENT) || id.startsWith(RECON_REVERSAL));
        return reconciliationShaped ? TransactionRules.Origin.RECONCILIATION : TransactionRules.Origin.PROVIDER;
    }

    /** Returns why the record cannot be recorded, or null when it can. */
    static RuntimeException check(ConsumerRecord<String, TransactionReceived> record, Instant now) {
        DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (unreadable != null) {
            return unreadable;
        }
        TransactionReceived tx = record.value();
        if (tx == null) {
            return new InvalidTransactionException("empty record");
        }
        if (tx.schemaVersion() != TransactionReceived.SCHEMA_VERSION) {
            return new InvalidTransactionException("unsupported schemaVersion " + tx.schemaVersion());
        }
        if (tx.gameType() == null || tx.roundId() == null || tx.playerRef() == null || tx.brandId() == null
                || tx.gameId() == null) {
            return new InvalidTransactionException("a required field is missing");
        }
        if (!Currencies.isKnown(tx.currency())) {
            return new InvalidTransactionException("unknown currency " + tx.currency());
        }
        if (tx.type().requiresReference() && (tx.refTxId() == null || tx.refTxId().isBlank())) {
            return new InvalidTransactionException(tx.type() + " without refTxId");
        }
        List<TransactionRules.Violation> violations = TransactionRules.check(tx, originOf(tx), now);
        if (!violations.isEmpty()) {
            return new InvalidTransactionException(violations.stream().map(v -> v.field() + ": " + v.message())
                    .collect(Collectors.joining("; ")));
        }
        return null;
    }
}
