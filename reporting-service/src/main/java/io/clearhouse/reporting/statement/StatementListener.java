package io.clearhouse.reporting.statement;

import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.settlement.StatementPublished;
import io.clearhouse.reporting.kafka.ExactlyOnceBatches;
import io.clearhouse.reporting.kafka.ExactlyOnceListener;
import io.clearhouse.common.kafka.PoisonRecordException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@link Topics#SETTLEMENT_STATEMENTS} in batches, exactly once ({@link ExactlyOnceBatches}),
 * into the statement read model; a DRAFT or APPROVED event also queues its reports. An event whose
 * document does not hash to its {@code sha256}, or that has no document (schema 1), is poison.
 */
@Component
class StatementListener extends ExactlyOnceListener<StatementEvent> {

    private final JsonMapper json;

    StatementListener(ExactlyOnceBatches batches, StatementWriter writer, JsonMapper json) {
        super(batches, writer::apply);
        this.json = json;
    }

    @KafkaListener(id = "reporting-statements", groupId = "reporting", idIsGroup = false,
            topics = Topics.SETTLEMENT_STATEMENTS, batch = "true")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }

    @Override
    protected StatementEvent parse(String text) {
        StatementPublished e;
        try {
            e = json.readValue(text, StatementPublished.class);
        } catch (RuntimeException ex) {
            throw new PoisonRecordException("not a StatementPublished: " + ex.getMessage(), ex);
        }
        if (e.schemaVersion() != StatementPublished.SCHEMA_VERSION) {
            throw new PoisonRecordException("unsupported StatementPublished schemaVersion " + e.schemaVersion()
                    + " (reports need the document of version " + StatementPublished.SCHEMA_VERSION + ")");
        }
        StatementStatus status;
        try {
            status = StatementStatus.valueOf(e.status());
        } catch (IllegalArgumentException ex) {
            throw new PoisonRecordException("unknown statement status " + e.status());
        }
        if (e.document() == null || e.sha256() == null) {
            throw new PoisonRecordException("the event carries no document");
        }
        if (!Hashing.sha256Hex(e.document()).equals(e.sha256())) {
            throw new PoisonRecordException("the document does not hash to the event's sha256");
        }
        StatementDocument doc = StatementDocument.parse(json, e.document());
        if (!doc.providerId().equals(e.providerId()) || doc.totalPayableMinor() != e.totalPayableMinor()) {
            throw new PoisonRecordException("the document's provider or total differs from the event's");
        }
        return new StatementEvent(e, status, doc);
    }
}
