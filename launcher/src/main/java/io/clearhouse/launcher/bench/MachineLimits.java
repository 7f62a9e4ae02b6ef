package io.clearhouse.launcher.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

/** The raw speed of this machine's PostgreSQL and Kafka, measured in the same run as a benchmark. */
final class MachineLimits {

    private MachineLimits() {
    }

    /**
     * Measures both ceilings into the report (200k rows, 200k messages: a few seconds each), before
     * the benchmark's own figures, so that each of those can be read as a ratio of them.
     */
    static void measure(BenchReport report, io.clearhouse.launcher.StackConfig config) throws Exception {
        try (Connection pg = BenchEnvironment.superuser(config)) {
            report.ceiling(BenchReport.COPY, "machine: PostgreSQL COPY (200k rows x ~280 B, PK)",
                    copyRowsPerSecond(pg, 200_000), "rows/s");
        }
        report.ceiling(BenchReport.KAFKA, "machine: Kafka producer (200k x 280 B, acks=all, idempotent)",
                kafkaProducerMessagesPerSecond(config.kafkaBootstrap(), 200_000), "msgs/s");
        report.note(BenchEnvironment.priorities(config.home().toString()));
    }

    /** Rows per second of a PostgreSQL COPY of ~280-byte rows into a table with a primary key. */
    static double copyRowsPerSecond(Connection superuser, int rows) throws Exception {
        try (Statement st = superuser.createStatement()) {
            st.execute("DROP TABLE IF EXISTS public.bench_copy");
            st.execute("CREATE UNLOGGED TABLE public.bench_copy (id BIGINT PRIMARY KEY, provider TEXT, tx TEXT, "
                    + "amount BIGINT, currency CHAR(3), payload TEXT)");
        }
        StringBuilder sb = new StringBuilder(rows * 300);
        String pad = "x".repeat(200);
        for (int i = 0; i < rows; i++) {
            sb.append(i).append('\t').append("bench-provider").append('\t').append("tx-").append(i).append('\t')
                    .append(i % 10_000).append('\t').append("USD").append('\t').append(pad).append('\n');
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        superuser.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY public.bench_copy FROM STDIN", new ByteArrayInputStream(data));
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (Statement st = superuser.createStatement()) {
            st.execute("DROP TABLE public.bench_copy");
        }
        return rows / seconds;
    }

    /** Messages per second of a producer with acks=all, idempotence, 280-byte JSON-sized values. */
    static double kafkaProducerMessagesPerSecond(String bootstrap, int messages) throws Exception {
        String topic = "bench.producer.limit";
        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap);
        try (Admin a = Admin.create(admin)) {
            a.deleteTopics(List.of(topic)).all().toCompletionStage().exceptionally(e -> null).toCompletableFuture().get();
            Thread.sleep(500);
            a.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().toCompletionStage().exceptionally(e -> null).toCompletableFuture().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        String value = "{\"pad\":\"" + "y".repeat(268) + "\"}";
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            Future<RecordMetadata> last = null;
            for (int i = 0; i < messages; i++) {
                last = producer.send(new ProducerRecord<>(topic, "k" + (i % 997), value));
            }
            producer.flush();
            last.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (Admin a = Admin.create(admin)) {
            a.deleteTopics(List.of(topic)).all().toCompletionStage().exceptionally(e -> null).toCompletableFuture().get();
        }
        return messages / seconds;
    }
}
