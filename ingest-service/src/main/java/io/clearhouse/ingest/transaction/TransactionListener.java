package io.clearhouse.ingest.transaction;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.TransactionReceived;
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
 * Consumes {@link Topics#PROVIDER_TRANSACTIONS} in batches. The valid prefix of a batch is recorded
 * in one database transaction; the container commits offsets only after the listener returns. A
 * record that cannot be read or breaks a rule ends the prefix: everything before it is committed,
 * it goes to the DLT (not retried), and the records after it are delivered again.
 */
@Component
class TransactionListener {

    private static final Logger log = LoggerFactory.getLogger(TransactionListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(TransactionListener.class));

    private final TransactionRecorder recorder;

    TransactionListener(TransactionRecorder recorder) {
        this.recorder = recorder;
    }

    @KafkaListener(id = "ingest-transactions", groupId = "ingest", idIsGroup = false, topics = Topics.PROVIDER_TRANSACTIONS, batch = "true",
            concurrency = "${clearhouse.ingest.consumers:2}")
    void onBatch(List<ConsumerRecord<String, TransactionReceived>> records) {
        List<IncomingTransaction> valid = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, TransactionReceived> record = records.get(i);
            RuntimeException fault = check(record);
            if (fault != null) {
                BatchOutcome outcome = recorder.record(valid);
                log.debug("Recorded {} before the faulty record at {}-{}@{}", outcome, record.topic(),
                        record.partition(), record.offset());
                throw new BatchListenerFailedException(fault.getMessage(), fault, i);
            }
            valid.add(new IncomingTransaction(record.value(), record.partition(), record.offset()));
        }
        BatchOutcome outcome = recorder.record(valid);
        log.debug("Batch of {}: {}", records.size(), outcome);
    }

    /** Returns why the record cannot be recorded, or null when it can. */
    private static RuntimeException check(ConsumerRecord<String, TransactionReceived> record) {
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
        if (tx.type().requiresReference() && tx.refTxId() == null) {
            return new InvalidTransactionException(tx.type() + " without refTxId");
        }
        return null;
    }
}
