package io.clearhouse.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two relays over one outbox, as two replicas of a service run them, against the real PostgreSQL and
 * Kafka broker: every message arrives, each key's messages in the order they were written, and the
 * outbox is empty afterwards. And each record carries the W3C {@code traceparent} of the work that
 * wrote its message: the message's own, else the span current when it was added.
 */
class OutboxRelayIT {

    private static final int KEYS = 20;
    private static final int PER_KEY = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.get();
    private final String schema = "outbox_it_" + UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "outbox-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<OutboxRelay> relays = new ArrayList<>();
    private JdbcTemplate jdbc;
    private DataSourceTransactionManager tx;

    @BeforeEach
    void schemaAndTopic() throws Exception {
        try (Connection c = infra.superuserConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".outbox (id BIGSERIAL PRIMARY KEY, topic TEXT NOT NULL, "
                    + "msg_key TEXT NOT NULL, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
                    + "traceparent TEXT)");
        }
        DataSource ds = new AbstractDataSource() {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                try {
                    Connection c = infra.superuserConnection();
                    c.setSchema(schema);
                    return c;
                } catch (java.sql.SQLException e) {
                    throw e;
                } catch (Exception e) {
                    throw new java.sql.SQLException(e);
                }
            }

            @Override
            public Connection getConnection(String user, String password) throws java.sql.SQLException {
                return getConnection();
            }
        };
        jdbc = new JdbcTemplate(ds);
        tx = new DataSourceTransactionManager(ds);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
    }

    @AfterEach
    void stopRelays() {
        relays.forEach(OutboxRelay::stop);
    }

    @Test
    void twoReplicasPublishEveryMessageOnceKeepingEachKeysOrderAndEmptyTheOutbox() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        for (int replica = 0; replica < 2; replica++) {
            OutboxRelay relay = new OutboxRelay(jdbc, tx, kafka(), new OutboxProperties(37, 5, true), meters, "it");
            relay.start();
            relays.add(relay);
        }
        OutboxWriter writer = new OutboxWriter(jdbc, JSON, Clock.systemUTC());
        TransactionTemplate inTx = new TransactionTemplate(tx);
        // each key's messages are written by one transaction after another, interleaved with the others'
        for (int n = 0; n < PER_KEY; n++) {
            int seq = n;
            inTx.executeWithoutResult(s -> {
                List<OutboxWriter.Message> batch = new ArrayList<>();
                for (int k = 0; k < KEYS; k++) {
                    batch.add(new OutboxWriter.Message(topic, "key-" + k, Map.of("key", "key-" + k, "n", seq)));
                }
                if (seq % 2 == 0) {
                    writer.addAll(batch);
                } else {
                    batch.forEach(m -> writer.add(m.topic(), m.key(), m.event()));
                }
            });
        }

        Map<String, List<Integer>> received = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            int[] total = {0};
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode node = JSON.readTree(r.value());
                    assertThat(node.get("key").asString()).isEqualTo(r.key());
                    received.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(node.get("n").asInt());
                    total[0]++;
                }
                return total[0] >= KEYS * PER_KEY;
            });
            assertThat(total[0]).isEqualTo(KEYS * PER_KEY);
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, PER_KEY).boxed().toList();
        assertThat(received).hasSize(KEYS);
        received.forEach((key, ns) -> assertThat(ns).as(key).isEqualTo(expected));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class)).isZero();
        assertThat(meters.get("clearhouse.outbox.published").tag("service", "it").counter().count())
                .isEqualTo(KEYS * PER_KEY);
        assertThat(meters.get("clearhouse.outbox.pending").gauge().value()).isZero();
    }

    @Test
    void aMessageAddedWithATraceparentIsPublishedWithThatHeaderAndOneWithoutNoneIsPublishedWithNone() throws Exception {
        startRelay();
        OutboxWriter writer = new OutboxWriter(jdbc, JSON, Clock.systemUTC());
        new TransactionTemplate(tx).executeWithoutResult(s -> writer.addAll(List.of(
                new OutboxWriter.Message(topic, "k", Map.of("n", 1), PROVIDER_TRACEPARENT),
                new OutboxWriter.Message(topic, "k", Map.of("n", 2)))));

        Map<Integer, String> traceparents = receiveTraceparents(2);
        assertThat(traceparents).containsEntry(1, PROVIDER_TRACEPARENT).containsEntry(2, null);
    }

    @Test
    void aMessageAddedWithoutATraceparentTakesTheCurrentSpansAndAnExplicitOneWins() throws Exception {
        startRelay();
        SdkTracerProvider provider = SdkTracerProvider.builder().build();
        try {
            io.opentelemetry.api.trace.Tracer otel = provider.get("outbox-it");
            Tracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
            OtelPropagator propagator = new OtelPropagator(
                    ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
            OutboxWriter writer = new OutboxWriter(jdbc, JSON, Clock.systemUTC(), new OutboxSignal(), tracer,
                    propagator);
            Span request = tracer.nextSpan().name("request").start();
            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                new TransactionTemplate(tx).executeWithoutResult(s -> {
                    writer.add(topic, "k", Map.of("n", 1));
                    writer.addAll(List.of(new OutboxWriter.Message(topic, "k", Map.of("n", 2)),
                            new OutboxWriter.Message(topic, "k", Map.of("n", 3), PROVIDER_TRACEPARENT)));
                });
            } finally {
                request.end();
            }

            Map<Integer, String> traceparents = receiveTraceparents(3);
            String traceId = request.context().traceId();
            assertThat(traceparents.get(1)).startsWith("00-" + traceId + "-");
            assertThat(traceparents.get(2)).startsWith("00-" + traceId + "-");
            assertThat(traceparents.get(3)).isEqualTo(PROVIDER_TRACEPARENT);
        } finally {
            provider.close();
        }
    }

    private static final String PROVIDER_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private void startRelay() {
        OutboxRelay relay = new OutboxRelay(jdbc, tx, kafka(), new OutboxProperties(100, 5, true),
                new SimpleMeterRegistry(), "it");
        relay.start();
        relays.add(relay);
    }

    /** The {@code traceparent} header (null: none) of the first {@code count} records, by their {@code n}. */
    private Map<Integer, String> receiveTraceparents(int count) {
        Map<Integer, String> traceparents = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    Header header = r.headers().lastHeader("traceparent");
                    traceparents.put(JSON.readTree(r.value()).get("n").asInt(),
                            header == null ? null : new String(header.value(), StandardCharsets.US_ASCII));
                }
                return traceparents.size() >= count;
            });
        }
        return traceparents;
    }

    private KafkaTemplate<String, String> kafka() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(p);
    }
}
