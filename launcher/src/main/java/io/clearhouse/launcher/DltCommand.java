package io.clearhouse.launcher;

import io.clearhouse.common.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./clearhouse dlt list|replay [--topic <dlt>]}: the dead-letter topic of the provider
 * transactions (or another {@code *.DLT}), read straight from the stack's Kafka broker.
 * <ul>
 *   <li>{@code list} prints every dead letter: where it came from (original topic, partition,
 *       offset), why (the exception message), whether it was replayed, and the start of its value;</li>
 *   <li>{@code replay} re-sends every dead letter not replayed yet to its original topic and
 *       partition (same key, same bytes, header {@code clearhouse-replayed-from}), after the cause was
 *       fixed. Progress is the committed offset of the consumer group {@code clearhouse-dlt-replay},
 *       committed after the broker acknowledged the re-sends, so a record is replayed once (at least
 *       once after a crash mid-replay; ingest judges a re-sent record like any delivery).</li>
 * </ul>
 */
final class DltCommand {

    static final String REPLAY_GROUP = "clearhouse-dlt-replay";
    static final String REPLAYED_HEADER = "clearhouse-replayed-from";
    private static final int VALUE_PREVIEW = 100;

    private DltCommand() {
    }

    static int run(StackConfig config, List<String> args, Console out) throws Exception {
        String sub = args.isEmpty() ? "" : args.get(0);
        String topic = Topics.dlt(Topics.PROVIDER_TRANSACTIONS);
        int i = args.indexOf("--topic");
        if (i >= 0 && i + 1 < args.size()) {
            topic = args.get(i + 1);
        }
        if (!topic.endsWith(Topics.DLT_SUFFIX)) {
            out.line("Not a dead-letter topic: " + topic);
            return 1;
        }
        return switch (sub) {
            case "list" -> list(config, topic, out);
            case "replay" -> replay(config, topic, out);
            default -> {
                out.line("usage: ./clearhouse dlt list|replay [--topic <topic>.DLT]   (default "
                        + Topics.dlt(Topics.PROVIDER_TRANSACTIONS) + ")");
                yield 1;
            }
        };
    }

    private static Properties common(StackConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return p;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(StackConfig config) {
        Properties p = common(config);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    /** Every record of the topic from the beginning to its current end, in partition order. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, String topic,
                                                                 Map<TopicPartition, Long> from) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo pi : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, pi.partition()));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, from.getOrDefault(tp, 0L));
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(60);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    records.add(r);
                }
            }
        }
        return records;
    }

    private static Map<TopicPartition, Long> replayedUpTo(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(pi -> new TopicPartition(topic, pi.partition())).toList();
        Map<TopicPartition, Long> committed = new HashMap<>();
        consumer.committed(new java.util.HashSet<>(partitions)).forEach((tp, om) -> {
            if (om != null) {
                committed.put(tp, om.offset());
            }
        });
        return committed;
    }

    private static int list(StackConfig config, String topic, Console out) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(config)) {
            Map<TopicPartition, Long> replayed = replayedUpTo(consumer, topic);
            List<ConsumerRecord<byte[], byte[]>> records = readAll(consumer, topic, Map.of());
            if (records.isEmpty()) {
                out.line("No dead letters in " + topic + ".");
                return 0;
            }
            long pending = 0;
            out.line(String.format("%-10s %-34s %-8s %s", "dlt", "original", "state", "reason / value"));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                boolean done = r.offset() < replayed.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L);
                pending += done ? 0 : 1;
                out.line(String.format("%-10s %-34s %-8s %s", r.partition() + "@" + r.offset(),
                        header(r, "kafka_dlt-original-topic") + "-" + intHeader(r, "kafka_dlt-original-partition") + "@"
                                + longHeader(r, "kafka_dlt-original-offset"),
                        done ? "replayed" : "pending", oneLine(header(r, "kafka_dlt-exception-message"), 160)));
                out.line(String.format("%-10s %-34s %-8s %s", "", "", "", "value: "
                        + oneLine(r.value() == null ? "(null)" : new String(r.value(), StandardCharsets.UTF_8),
                        VALUE_PREVIEW)));
            }
            out.line(records.size() + " dead letter(s), " + pending + " not replayed. "
                    + "Fix the cause, then ./clearhouse dlt replay re-sends the pending ones.");
            return 0;
        }
    }

    private static int replay(StackConfig config, String topic, Console out) throws Exception {
        Properties pp = common(config);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(config);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp)) {
            Map<TopicPartition, Long> replayed = replayedUpTo(consumer, topic);
            List<ConsumerRecord<byte[], byte[]>> pending = readAll(consumer, topic, replayed);
            if (pending.isEmpty()) {
                out.line("Nothing to replay in " + topic + ".");
                return 0;
            }
            String target = topic.substring(0, topic.length() - Topics.DLT_SUFFIX.length());
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : pending) {
                String originalTopic = header(r, "kafka_dlt-original-topic");
                Integer partition = intHeader(r, "kafka_dlt-original-partition");
                ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(
                        originalTopic == null ? target : originalTopic, partition, r.key(), r.value());
                again.headers().add(REPLAYED_HEADER,
                        (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
                sends.add(producer.send(again));
                progress.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            }
            producer.flush();
            for (var f : sends) {
                f.get(30, TimeUnit.SECONDS);
            }
            // only after the broker acknowledged every re-send does the replay move past them
            consumer.commitSync(progress);
            out.line("Replayed " + pending.size() + " dead letter(s) from " + topic + " to their original partitions.");
            return 0;
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The recoverer writes partition (int) and offset (long) headers as big-endian binary. */
    private static Integer intHeader(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value().length != 4 ? null : java.nio.ByteBuffer.wrap(h.value()).getInt();
    }

    private static Long longHeader(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value().length != 8 ? null : java.nio.ByteBuffer.wrap(h.value()).getLong();
    }

    private static String oneLine(String s, int max) {
        if (s == null) {
            return "-";
        }
        String flat = s.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= max ? flat : flat.substring(0, max) + "...";
    }
}
