package io.clearhouse.reporting.kafka;

import io.clearhouse.support.kafka.ConsumedOffsets;
import io.clearhouse.common.kafka.PoisonRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consuming half every reporting listener shares (ingest's mechanism): records at or past the
 * stored offsets are parsed; poison goes to {@code <topic>.DLT} with its reason before the batch's
 * transaction; the rest is applied in one database transaction that locks the partitions' offset rows,
 * drops what a concurrent or earlier consumer already applied, writes the rows and advances the
 * offsets. A crash anywhere between poll and commit replays exactly what did not commit.
 */
@Component
public class ExactlyOnceBatches {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceBatches.class);

    private final ConsumedOffsets offsets;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final TransactionTemplate tx;

    ExactlyOnceBatches(ConsumedOffsets offsets, DeadLetterPublishingRecoverer deadLetters, TransactionTemplate tx) {
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.tx = tx;
    }

    /** One parsed record with its source coordinates. */
    public record Parsed<T>(int partition, long offset, T value) {
    }

    /** Applies the fresh records of a batch; called inside the batch's database transaction. */
    @FunctionalInterface
    public interface Applier<T> {
        void apply(List<Parsed<T>> fresh);
    }

    /** Seeks each assigned partition to its stored next offset (for {@link ConsumerSeekAware}). */
    public void seek(Map<TopicPartition, Long> assignments, ConsumerSeekAware.ConsumerSeekCallback callback) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        assignments.keySet().forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        byTopic.forEach((topic, ps) -> offsets.read(topic, ps).forEach((partition, next) -> {
            log.info("Seeking {}-{} to stored offset {}", topic, partition, next);
            callback.seek(topic, partition, next);
        }));
    }

    /**
     * @param parse returns the record's value or throws {@link PoisonRecordException} naming why it cannot be applied
     */
    public <T> void consume(List<ConsumerRecord<String, String>> records, Function<String, T> parse, Applier<T> applier) {
        if (records.isEmpty()) {
            return;
        }
        String topic = records.get(0).topic();
        Map<Integer, Long> next = new TreeMap<>();
        for (ConsumerRecord<String, String> r : records) {
            next.merge(r.partition(), r.offset() + 1, Math::max);
        }
        Map<Integer, Long> stored = offsets.read(topic, next.keySet());
        List<Parsed<T>> valid = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            if (record.offset() < stored.getOrDefault(record.partition(), 0L)) {
                continue;
            }
            T value;
            try {
                if (record.value() == null) {
                    throw new PoisonRecordException("empty record");
                }
                value = parse.apply(record.value());
            } catch (PoisonRecordException e) {
                log.warn("Record {}-{}@{} goes to the DLT: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                deadLetters.accept(record, e);
                continue;
            }
            valid.add(new Parsed<>(record.partition(), record.offset(), value));
        }
        tx.executeWithoutResult(status -> {
            Map<Integer, Long> locked = offsets.lock(topic, next.keySet());
            List<Parsed<T>> fresh = new ArrayList<>(valid.size());
            for (Parsed<T> p : valid) {
                if (p.offset() >= locked.getOrDefault(p.partition(), 0L)) {
                    fresh.add(p);
                }
            }
            if (!fresh.isEmpty()) {
                applier.apply(fresh);
            }
            offsets.advance(topic, next);
        });
    }
}
