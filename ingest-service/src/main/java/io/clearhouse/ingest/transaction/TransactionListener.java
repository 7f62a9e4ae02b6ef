package io.clearhouse.ingest.transaction;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.ingest.partition.PartitionMaintainer;
import io.clearhouse.ingest.provider.ProviderSettingsRepository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.time.LocalDate;
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
 * A record that cannot be read or breaks a rule is published to {@code provider.transactions.v1.DLT}
 * (same partition; reason and original coordinates in headers) before the batch's transaction, and
 * the rest of the batch is recorded: the partition keeps flowing. Should the database transaction
 * then fail, the record is published again on redelivery (the DLT is at-least-once; its headers name
 * the original coordinates, which {@code ./clearhouse dlt list} shows).
 */
@Component
class TransactionListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(TransactionListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(TransactionListener.class));
    /** Judging again after a concurrent writer won a key is bounded; then the error handler retries. */
    private static final int MAX_JUDGEMENTS = 5;

    private final TransactionRecorder recorder;
    private final ConsumedOffsets offsets;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final PartitionMaintainer partitions;
    private final ProviderSettingsRepository providers;
    private final BatchHooks hooks;

    TransactionListener(TransactionRecorder recorder, ConsumedOffsets offsets, DeadLetterPublishingRecoverer deadLetters,
                        PartitionMaintainer partitions, ProviderSettingsRepository providers, BatchHooks hooks) {
        this.recorder = recorder;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.partitions = partitions;
        this.providers = providers;
        this.hooks = hooks;
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
        if (records.isEmpty()) {
            return;
        }
        String topic = records.get(0).topic();
        Map<Integer, Long> next = new TreeMap<>();
        for (ConsumerRecord<String, TransactionReceived> r : records) {
            next.merge(r.partition(), r.offset() + 1, Math::max);
        }
        // records whose effects already committed (a redelivery after a crash) are not even looked at
        Map<Integer, Long> stored = offsets.read(topic, next.keySet());
        List<IncomingTransaction> valid = new ArrayList<>(records.size());
        for (ConsumerRecord<String, TransactionReceived> record : records) {
            if (record.offset() < stored.getOrDefault(record.partition(), 0L)) {
                continue;
            }
            RuntimeException fault = check(record);
            if (fault != null) {
                log.warn("Record {}-{}@{} goes to the DLT: {}", record.topic(), record.partition(), record.offset(),
                        fault.getMessage());
                deadLetters.accept(record, fault);
                continue;
            }
            valid.add(new IncomingTransaction(record.value(), record.partition(), record.offset()));
        }
        ensurePartitions(valid);
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
        hooks.afterCommit();
        log.debug("Batch of {}: {}", records.size(), outcome);
    }

    /** Partitions for the business dates of the batch exist before its transaction writes to them. */
    private void ensurePartitions(List<IncomingTransaction> valid) {
        if (valid.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        valid.forEach(in -> ids.add(in.tx().providerId()));
        var settings = providers.forProviders(ids);
        Set<LocalDate> dates = new HashSet<>();
        valid.forEach(in -> dates.add(settings.get(in.tx().providerId()).businessDate(in.tx().occurredAt())));
        partitions.ensure(dates);
    }

    /** Returns why the record cannot be recorded, or null when it can. */
    static RuntimeException check(ConsumerRecord<String, TransactionReceived> record) {
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
        return null;
    }
}
