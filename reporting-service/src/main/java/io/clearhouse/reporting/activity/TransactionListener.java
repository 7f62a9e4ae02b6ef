package io.clearhouse.reporting.activity;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.reporting.kafka.ExactlyOnceBatches;
import io.clearhouse.reporting.kafka.ExactlyOnceListener;
import io.clearhouse.common.kafka.PoisonRecordException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Consumes {@link Topics#LEDGER_TRANSACTIONS} in batches, exactly once, into the daily activity read model. */
@Component
class TransactionListener extends ExactlyOnceListener<TransactionRecorded> {

    private final JsonMapper json;

    TransactionListener(ExactlyOnceBatches batches, DailyActivityWriter writer, JsonMapper json) {
        super(batches, writer::apply);
        this.json = json;
    }

    @KafkaListener(id = "reporting-transactions", groupId = "reporting", idIsGroup = false,
            topics = Topics.LEDGER_TRANSACTIONS, batch = "true", concurrency = "${clearhouse.reporting.consumers:1}")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }

    @Override
    protected TransactionRecorded parse(String text) {
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
