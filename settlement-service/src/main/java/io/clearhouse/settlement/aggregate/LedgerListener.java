package io.clearhouse.settlement.aggregate;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#LEDGER_TRANSACTIONS} in batches. The valid prefix of a batch is counted in
 * one database transaction; the container commits offsets only after the listener returns, so a
 * crash before that redelivers records that the processed-id key then ignores. A record that cannot
 * be read or counted ends the prefix and goes to the DLT (not retried).
 */
@Component
class LedgerListener {

    private static final Logger log = LoggerFactory.getLogger(LedgerListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(LedgerListener.class));

    private final AggregateWriter writer;

    LedgerListener(AggregateWriter writer) {
        this.writer = writer;
    }

    @KafkaListener(id = "settlement-ledger", groupId = "${spring.kafka.consumer.group-id:settlement}", idIsGroup = false,
            topics = Topics.LEDGER_TRANSACTIONS, batch = "true", concurrency = "${clearhouse.settlement.consumers:2}")
    void onBatch(List<ConsumerRecord<String, TransactionRecorded>> records) {
        List<TransactionRecorded> valid = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, TransactionRecorded> record = records.get(i);
            RuntimeException fault = check(record);
            if (fault != null) {
                writer.count(valid);
                throw new BatchListenerFailedException(fault.getMessage(), fault, i);
            }
            valid.add(record.value());
        }
        AggregateWriter.Outcome outcome = writer.count(valid);
        log.debug("Ledger batch of {}: {}", records.size(), outcome);
    }

    private static RuntimeException check(ConsumerRecord<String, TransactionRecorded> record) {
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
        if (tx.gameType() == null || tx.brandId() == null) {
            return new InvalidLedgerRecordException("gameType and brandId are required");
        }
        if (!Currencies.isKnown(tx.currency())) {
            return new InvalidLedgerRecordException("unknown currency " + tx.currency());
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
