package io.clearhouse.support.kafka;

import io.clearhouse.common.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * The one dead-letter recoverer of a service, counting every record it parked in
 * {@code clearhouse_kafka_dead_letters_total{topic="<source>.DLT"}} once the broker acknowledged it
 * (a failed send throws and counts nothing). Every path to a DLT goes through it: the error handler's
 * (unreadable records, {@code PoisonRecordException}) and the listeners that hand a record to it
 * themselves (ingest's and settlement's rule and database-refusal paths), so the count is complete.
 */
public class CountingDeadLetterRecoverer extends DeadLetterPublishingRecoverer {

    public static final String METRIC = "clearhouse.kafka.dead.letters";

    private final MeterRegistry meters;

    public CountingDeadLetterRecoverer(Map<Class<?>, KafkaOperations<?, ?>> templates,
                                       BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination,
                                       MeterRegistry meters) {
        super(templates, destination);
        this.meters = meters;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        super.accept(record, consumer, exception);
        counter(meters, Topics.dlt(record.topic())).increment();
    }

    /** The counter of one DLT; registering it at 0 up front lets {@code increase()} see the first letter. */
    static Counter counter(MeterRegistry meters, String dltTopic) {
        return Counter.builder(METRIC).tag("topic", dltTopic)
                .description("Records parked on a dead-letter topic (acknowledged by the broker)")
                .register(meters);
    }
}
