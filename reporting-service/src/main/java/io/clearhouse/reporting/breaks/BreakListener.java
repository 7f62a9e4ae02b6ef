package io.clearhouse.reporting.breaks;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.reconciliation.BreakOpened;
import io.clearhouse.common.reconciliation.BreakResolved;
import io.clearhouse.reporting.kafka.ExactlyOnceBatches;
import io.clearhouse.reporting.kafka.ExactlyOnceListener;
import io.clearhouse.common.kafka.PoisonRecordException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@link Topics#RECON_BREAKS} in batches, exactly once, into the breaks read model. The
 * topic carries two event types without a type header: a {@link BreakResolved} has a {@code status},
 * a {@link BreakOpened} does not.
 */
@Component
class BreakListener extends ExactlyOnceListener<Object> {

    private final JsonMapper json;

    BreakListener(ExactlyOnceBatches batches, BreakWriter writer, JsonMapper json) {
        super(batches, writer::apply);
        this.json = json;
    }

    @KafkaListener(id = "reporting-breaks", groupId = "reporting", idIsGroup = false, topics = Topics.RECON_BREAKS,
            batch = "true")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }

    @Override
    protected Object parse(String text) {
        try {
            JsonNode n = json.readTree(text);
            if (n.has("status")) {
                BreakResolved r = json.treeToValue(n, BreakResolved.class);
                if (r.schemaVersion() != BreakResolved.SCHEMA_VERSION) {
                    throw new PoisonRecordException("unsupported BreakResolved schemaVersion " + r.schemaVersion());
                }
                return r;
            }
            BreakOpened o = json.treeToValue(n, BreakOpened.class);
            if (o.schemaVersion() != BreakOpened.SCHEMA_VERSION) {
                throw new PoisonRecordException("unsupported BreakOpened schemaVersion " + o.schemaVersion());
            }
            if (o.businessDate() == null || o.currency() == null || o.amountMinor() < 0) {
                throw new PoisonRecordException("a BreakOpened needs businessDate, currency and a non-negative amount");
            }
            return o;
        } catch (PoisonRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoisonRecordException("not a break event: " + e.getMessage(), e);
        }
    }
}
