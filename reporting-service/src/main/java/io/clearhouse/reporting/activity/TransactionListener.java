package io.clearhouse.reporting.activity;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.reporting.kafka.ExactlyOnceBatches;
import io.clearhouse.reporting.kafka.PoisonRecordException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Consumes {@link Topics#LEDGER_TRANSACTIONS} in batches, exactly once, into the daily activity read model. */
@Component
class TransactionListener implements ConsumerSeekAware {

    private final ExactlyOnceBatches batches;
    private final DailyActivityWriter writer;
    private final JsonMapper json;

    TransactionListener(ExactlyOnceBatches batches, DailyActivityWriter writer, JsonMapper json) {
        this.batches = batches;
        this.writer = writer;
        this.json = json;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        batches.seek(assignments, callback);
    }

    @KafkaListener(id = "reporting-transactions", groupId = "reporting", idIsGroup = false,
            topics = Topics.LEDGER_TRANSACTIONS, batch = "true", concurrency = "${clearhouse.reporting.consumers:1}")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        batches.consume(records, this::parse, fresh -> writer.apply(fresh.stream().map(p -> p.value()).toList()));
    }

    TransactionRecorded parse(String text) {
        TransactionRecorded tx;
        try {
            tx = json.readValue(text, TransactionRecorded.class);
        } catch (RuntimeException e) {
            throw new PoisonRecordException("not a TransactionRecorded: " + e.getMessage(), e);
        }
        if (tx.schemaVersion() != TransactionRecorded.SCHEMA_VERSION) {
            throw new PoisonRecordException("unsupported TransactionRecorded schemaVersion " + tx.schemaVersion());
        }
        if (!Currencies.isKnown(tx.currency())) {
            throw new PoisonRecordException("unknown currency " + tx.currency());
        }
        if (tx.gameType() == null || tx.brandId() == null) {
            throw new PoisonRecordException("a required field (gameType, brandId) is missing");
        }
        return tx;
    }
}
