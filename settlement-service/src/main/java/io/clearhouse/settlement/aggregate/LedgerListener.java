package io.clearhouse.settlement.aggregate;

import io.clearhouse.support.kafka.ConsumedOffsets;
import io.clearhouse.common.db.PoisonIsolation;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.common.transaction.TransactionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Consumes {@link Topics#LEDGER_TRANSACTIONS} in batches; each batch is counted in one database
 * transaction ({@link AggregateWriter}) that also stores the partitions' next offsets, and on
 * assignment the consumer seeks to those stored offsets: after a crash or a database failover the
 * counted rows and the offsets agree, and the processed-id key makes any replay count nothing twice.
 * <p>
 * Only a record that is itself bad goes to {@code ledger.transactions.v1.DLT} (same partition, reason
 * and coordinates in headers, acknowledged before the batch's transaction): one that cannot be read,
 * breaks a rule (an amount beyond {@link TransactionRules#AMOUNT_MINOR_MAX}, a negative non-adjustment,
 * an unknown currency), or that the database refuses (SQLSTATE class 22 or 23: a sum overflowing 64
 * bits), found by counting the batch in halves ({@link PoisonIsolation}). The rest of the batch is
 * counted. Every other failure (a database outage) escapes to the error handler, which retries
 * without end: a valid transaction is never dropped from a statement.
 */
@Component
class LedgerListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(LedgerListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(LedgerListener.class));

    private final AggregateWriter writer;
    private final ConsumedOffsets offsets;
    private final DeadLetterPublishingRecoverer deadLetters;

    LedgerListener(AggregateWriter writer, ConsumedOffsets offsets, DeadLetterPublishingRecoverer deadLetters) {
        this.writer = writer;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
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

    /** A consumed record and what is to be counted of it (null: dead-lettered, offset only). */
    private record Entry(ConsumerRecord<String, TransactionRecorded> record, TransactionRecorded tx) {
    }

    @KafkaListener(id = "settlement-ledger", groupId = "${spring.kafka.consumer.group-id:settlement}", idIsGroup = false,
            topics = Topics.LEDGER_TRANSACTIONS, batch = "true", concurrency = "${clearhouse.settlement.consumers:2}")
    void onBatch(List<ConsumerRecord<String, TransactionRecorded>> records) {
        if (records.isEmpty()) {
            return;
        }
        String topic = records.get(0).topic();
        List<Entry> entries = new ArrayList<>(records.size());
        for (ConsumerRecord<String, TransactionRecorded> record : records) {
            RuntimeException fault = check(record);
            if (fault != null) {
                entries.add(deadLetter(record, fault));
            } else {
                entries.add(new Entry(record, record.value()));
            }
        }
        PoisonIsolation.write(entries, e -> e.tx() != null, run -> count(topic, run),
                (bad, reason) -> deadLetter(bad.record(), new InvalidLedgerRecordException(reason)));
    }

    private Entry deadLetter(ConsumerRecord<String, TransactionRecorded> record, RuntimeException fault) {
        log.warn("Ledger record {}-{}@{} goes to the DLT: {}", record.topic(), record.partition(), record.offset(),
                fault.getMessage());
        deadLetters.accept(record, fault);
        return new Entry(record, null);
    }

    private void count(String topic, List<Entry> entries) {
        Map<Integer, Long> next = new TreeMap<>();
        List<TransactionRecorded> valid = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            next.merge(e.record().partition(), e.record().offset() + 1, Math::max);
            if (e.tx() != null) {
                valid.add(e.tx());
            }
        }
        AggregateWriter.Outcome outcome = writer.count(topic, valid, next);
        log.debug("Ledger batch of {}: {}", entries.size(), outcome);
    }

    static RuntimeException check(ConsumerRecord<String, TransactionRecorded> record) {
        DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (unreadable != null) {
            return unreadable;
        }
        TransactionRecorded tx = record.value();
        if (tx == null) {
            return new InvalidLedgerRecordException("empty record");
        }
        if (tx.schemaVersion() != TransactionRecorded.SCHEMA_VERSION) {
            return new InvalidLedgerRecordException("unsupported schemaVersion " + tx.schemaVersion());
        }
        if (tx.transactionId() == null || tx.providerId() == null || tx.type() == null || tx.businessDate() == null) {
            return new InvalidLedgerRecordException("transactionId, providerId, type and businessDate are required");
        }
        if (tx.gameType() == null || tx.brandId() == null) {
            return new InvalidLedgerRecordException("gameType and brandId are required");
        }
        if (!Currencies.isKnown(tx.currency())) {
            return new InvalidLedgerRecordException("unknown currency " + tx.currency());
        }
        // bounded per transaction, so that only ~92 million maximal transactions in one group could overflow a sum
        if (tx.amountMinor() > TransactionRules.AMOUNT_MINOR_MAX || tx.amountMinor() < -TransactionRules.AMOUNT_MINOR_MAX
                || (tx.jackpotContributionMinor() != null && tx.jackpotContributionMinor() > TransactionRules.AMOUNT_MINOR_MAX)) {
            return new InvalidLedgerRecordException("amount beyond " + TransactionRules.AMOUNT_MINOR_MAX
                    + " minor units in absolute value on a " + tx.type());
        }
        // Only an ADJUSTMENT is signed: it corrects the amount of what it references, either way.
        if ((tx.amountMinor() < 0 && tx.type() != TransactionType.ADJUSTMENT)
                || (tx.jackpotContributionMinor() != null && tx.jackpotContributionMinor() < 0)) {
            return new InvalidLedgerRecordException("negative amount on a " + tx.type());
        }
        if (tx.type() == TransactionType.ADJUSTMENT && tx.adjustedType() == null) {
            return new InvalidLedgerRecordException("an ADJUSTMENT needs adjustedType");
        }
        return null;
    }
}
