package io.clearhouse.launcher;

import io.clearhouse.common.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Apache Kafka broker in KRaft mode, in its own JVM, from the Maven Central jars
 * the build copied to {@code launcher/target/kafka-libs}. Storage is formatted once and kept.
 */
final class KafkaBroker implements AutoCloseable {

    /** A loaded machine (or a log recovery after an unclean stop) can take longer: CLEARHOUSE_KAFKA_START_TIMEOUT_SECONDS. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.parseLong(java.util.Optional.ofNullable(
            System.getenv("CLEARHOUSE_KAFKA_START_TIMEOUT_SECONDS")).orElse("90")));

    private final ChildProcess process;
    private final String bootstrap;

    private KafkaBroker(ChildProcess process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static KafkaBroker start(StackConfig config) throws IOException, InterruptedException {
        Path dir = config.dataDir().resolve("kafka");
        Path dataDir = dir.resolve("data");
        Files.createDirectories(dir);
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, serverProperties(config, dataDir));
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, """
                status = warn
                appender.out.type = Console
                appender.out.name = OUT
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = info
                rootLogger.appenderRef.out.ref = OUT
                logger.kafka.name = kafka
                logger.kafka.level = warn
                logger.apache.name = org.apache.kafka
                logger.apache.level = warn
                """);
        String classpath = config.kafkaLibs().toAbsolutePath() + "/*";
        Path log = config.logDir().resolve("kafka.log");
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            ChildProcess format = ChildProcess.start("kafka-format", List.of(ChildProcess.javaExecutable(),
                    "-Xmx256m", "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath, "kafka.tools.StorageTool",
                    "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()), Map.of(), log,
                    config.home());
            try {
                if (!waitFor(format, 60)) {
                    throw new IOException("formatting Kafka storage did not finish within 60 s; see " + log);
                }
                if (format.exitValue() != 0) {
                    throw new IOException("formatting Kafka storage failed (exit code " + format.exitValue()
                            + "); see " + log);
                }
            } finally {
                format.close();
            }
        }
        ChildProcess broker = ChildProcess.start("kafka", List.of(ChildProcess.javaExecutable(),
                "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + log4j,
                "-cp", classpath, "kafka.Kafka", properties.toString()), Map.of(), log, config.home());
        KafkaBroker kafka = new KafkaBroker(broker, config.kafkaBootstrap());
        try {
            kafka.awaitReadyAndCreateTopics(log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    private static boolean waitFor(ChildProcess p, int seconds) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (p.isAlive() && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return !p.isAlive();
    }

    private void awaitReadyAndCreateTopics(Path log) throws IOException, InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("the Kafka broker exited during start; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IOException("the Kafka broker did not become ready in time; see " + log);
                    }
                    TimeUnit.MILLISECONDS.sleep(300);
                }
            }
            for (Topics.TopicSpec topic : Topics.all(Topics.TRANSACTION_PARTITIONS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IOException("could not create topic " + topic.name() + ": " + e.getCause(), e);
                    }
                }
            }
        }
    }

    private static String serverProperties(StackConfig config, Path dataDir) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + config.kafkaControllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://127.0.0.1:"
                        + config.kafkaControllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir.toAbsolutePath(),
                "num.partitions=" + Topics.TRANSACTION_PARTITIONS,
                "auto.create.topics.enable=false",
                // one broker: every replication factor and ISR is 1 (production runs 3 brokers, min ISR 2)
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=12",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4", // the gateway's batches are transactions: a small log starts fast
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "unclean.leader.election.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "") ;
    }

    @Override
    public void close() {
        process.close();
    }
}
