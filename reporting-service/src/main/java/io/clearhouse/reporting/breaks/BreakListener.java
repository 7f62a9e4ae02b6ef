package io.clearhouse.reporting.breaks;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.reconciliation.BreakOpened;
import io.clearhouse.common.reconciliation.BreakResolved;
import io.clearhouse.reporting.kafka.ExactlyOnceBatches;
import io.clearhouse.reporting.kafka.PoisonRecordException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@link Topics#RECON_BREAKS} in batches, exactly once, into the breaks read model. The
 * topic carries two event types without a type header: a {@link BreakResolved} has a {@code status},
 * a {@link BreakOpened} does not.
 */
@Component
class BreakListener implements ConsumerSeekAware {

    private final ExactlyOnceBatches batches;
    private final BreakWriter writer;
    private final JsonMapper json;

    BreakListener(ExactlyOnceBatches batches, BreakWriter writer, JsonMapper json) {
        this.batches = batches;
        this.writer = writer;
        this.json = json;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        batches.seek(assignments, callback);
    }

    @KafkaListener(id = "reporting-breaks", groupId = "reporting", idIsGroup = false, topics = Topics.RECON_BREAKS,
            batch = "true")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        batches.consume(records, this::parse, fresh -> writer.apply(fresh.stream().map(p -> p.value()).toList()));
    }

    Object parse(String text) {
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
