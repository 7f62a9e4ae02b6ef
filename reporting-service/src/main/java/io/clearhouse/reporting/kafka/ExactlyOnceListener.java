package io.clearhouse.reporting.kafka;

import io.clearhouse.common.kafka.PoisonRecordException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * The wiring every reporting listener shares: on assignment, seek to the stored offsets; each batch goes
 * through {@link ExactlyOnceBatches} with the subclass's {@link #parse} and its writer. A subclass
 * keeps only what is its own: its {@code @KafkaListener} method (topic, id, concurrency) calling
 * {@link #consume}, how a record is parsed (poison rules) and which writer applies the fresh values.
 */
public abstract class ExactlyOnceListener<T> implements ConsumerSeekAware {

    private final ExactlyOnceBatches batches;
    private final Consumer<List<T>> applier;

    /** @param applier applies the fresh values of a batch, inside its database transaction (a writer) */
    protected ExactlyOnceListener(ExactlyOnceBatches batches, Consumer<List<T>> applier) {
        this.batches = batches;
        this.applier = applier;
    }

    @Override
    public final void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        batches.seek(assignments, callback);
    }

    /** Consumes one batch exactly once. */
    protected final void consume(List<ConsumerRecord<String, String>> records) {
        batches.consume(records, this::parse, fresh -> applier.accept(fresh.stream().map(ExactlyOnceBatches.Parsed::value).toList()));
    }

    /** The record's value, or {@link PoisonRecordException} naming why it cannot be applied. */
    protected abstract T parse(String text);
}
