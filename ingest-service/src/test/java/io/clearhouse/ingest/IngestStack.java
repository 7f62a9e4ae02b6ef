package io.clearhouse.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/** Test helpers around the real broker and database: publish like the gateway, wait until ingest consumed. */
public final class IngestStack {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static volatile KafkaProducer<String, byte[]> producer;

    private IngestStack() {
    }

    static KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (IngestStack.class) {
                if (producer == null) {
                    Properties p = new Properties();
                    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrap());
                    p.put(ProducerConfig.ACKS_CONFIG, "all");
                    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
                    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
                    producer = new KafkaProducer<>(p);
                }
            }
        }
        return producer;
    }

    /** Publishes in order (each round key keeps its partition, so its order), as the gateway does. */
    public static void publish(List<TransactionReceived> txs) {
        try {
            for (TransactionReceived tx : txs) {
                producer().send(new ProducerRecord<>(Topics.PROVIDER_TRANSACTIONS, tx.key(), JSON.writeValueAsBytes(tx)));
            }
            producer().flush();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not publish", e);
        }
    }

    /** Publishes one transaction with a W3C {@code traceparent} header, as the gateway's observed producer does. */
    public static void publishTraced(TransactionReceived tx, String traceparent) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.PROVIDER_TRANSACTIONS, tx.key(),
                JSON.writeValueAsBytes(tx));
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
        producer().send(record).get(10, TimeUnit.SECONDS);
    }

    public static void publishRaw(String topic, int partition, String key, byte[] value) throws Exception {
        producer().send(new ProducerRecord<>(topic, partition, key, value)).get(10, TimeUnit.SECONDS);
    }

    public static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> c = consumer("end-offsets", StringDeserializer.class)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic)) {
                tps.add(new TopicPartition(topic, pi.partition()));
            }
            return c.endOffsets(tps);
        }
    }

    /** Waits (Awaitility, at most {@code max}) until {@code condition} holds. */
    public static void awaitUntil(Duration max, String what, java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(max).until(condition::getAsBoolean);
    }

    /** Waits until ingest's stored offsets reached the topic's current end on every partition. */
    public static void awaitConsumed() {
        Map<TopicPartition, Long> end = endOffsets(Topics.PROVIDER_TRANSACTIONS);
        await("ingest to consume up to " + end).atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Map<Integer, Long> stored = storedOffsets();
            assertThat(end).allSatisfy((tp, offset) -> assertThat(stored.getOrDefault(tp.partition(), 0L))
                    .as("stored offset of partition %d", tp.partition()).isGreaterThanOrEqualTo(offset));
        });
    }

    public static Map<Integer, Long> storedOffsets() {
        Map<Integer, Long> stored = new HashMap<>();
        try (Connection c = TestInfrastructure.get().superuserConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT partition, next_offset FROM ingest.consumer_offsets "
                     + "WHERE group_id = 'ingest' AND topic = '" + Topics.PROVIDER_TRANSACTIONS + "'")) {
            while (rs.next()) {
                stored.put(rs.getInt(1), rs.getLong(2));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return stored;
    }

    public static <V> KafkaConsumer<String, V> consumer(String group, Class<?> valueDeserializer) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        return new KafkaConsumer<>(p);
    }

    /** Every record of a topic from the beginning until {@code until} holds for what was read (bounded). */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic,
            java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> until) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = consumer("read-all", ByteArrayDeserializer.class)) {
            c.subscribe(List.of(topic));
            // in this thread: a KafkaConsumer is not for sharing; each poll is bounded, so is the whole read
            await("reading " + topic).atMost(Duration.ofSeconds(60)).pollInSameThread()
                    .pollInterval(Duration.ofMillis(10)).until(() -> {
                        c.poll(Duration.ofMillis(200)).forEach(all::add);
                        return until.test(all);
                    });
        }
        return all;
    }

    /** Runs SQL as the superuser (bypassing the service roles), returning the first column of each row. */
    public static List<String> sql(String query, Object... args) {
        try (Connection c = TestInfrastructure.get().superuserConnection();
             var ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(query, e);
        }
    }
}
