package io.clearhouse.launcher;

import io.clearhouse.common.kafka.Topics;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Apache Kafka broker in KRaft mode, in its own JVM, from the Maven Central jars
 * the build copied to {@code launcher/target/kafka-libs}. Storage is formatted once and kept.
 * {@link #launch} starts its JVM and returns; {@link #awaitReady} waits for it and creates the topics, so
 * the broker's start runs beside the database's and the services'.
 */
final class KafkaBroker implements AutoCloseable {

    /** 90 s, or the services' start timeout when that is longer (a loaded machine starts a broker slowly too). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Math.max(90, Long.parseLong(
            java.util.Optional.ofNullable(System.getenv("CLEARHOUSE_START_TIMEOUT_SECONDS")).orElse("90").trim())));

    private volatile ChildProcess process;
    private final String bootstrap;
    private final StackConfig config;

    private KafkaBroker(ChildProcess process, String bootstrap, StackConfig config) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.config = config;
    }

    /** Formats the storage the first time, then starts the broker's JVM without waiting for it. */
    static KafkaBroker launch(StackConfig config) throws IOException, InterruptedException {
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
        Path log = config.logDir().resolve("kafka.log");
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            ChildProcess format = ChildProcess.start("kafka-format", List.of(ChildProcess.javaExecutable(),
                    "-Xmx256m", "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath(jars(config.kafkaLibs())),
                    "kafka.tools.StorageTool",
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
        ChildProcess broker = ChildProcess.start("kafka", command(config), Map.of(), log, config.home());
        return new KafkaBroker(broker, config.kafkaBootstrap(), config);
    }

    /** The broker's command: each start asks afresh whether its class archive is there to map yet. */
    static List<String> command(StackConfig config) throws IOException {
        Path dir = config.dataDir().resolve("kafka");
        List<Path> jars = jars(config.kafkaLibs());
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(), "-Xms128m", "-Xmx512m",
                "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties")));
        command.addAll(classArchive(config, jars));
        command.addAll(List.of("-cp", classpath(jars), "kafka.Kafka", dir.resolve("server.properties").toString()));
        return command;
    }

    /**
     * The broker's libraries in name order: an explicit class path, the same at every start, which a class
     * archive recorded by one start needs in order to be mapped by the next.
     */
    private static List<Path> jars(Path libs) throws IOException {
        try (Stream<Path> files = Files.list(libs)) {
            return files.filter(j -> j.getFileName().toString().endsWith(".jar")).map(Path::toAbsolutePath).sorted()
                    .toList();
        }
    }

    private static String classpath(List<Path> jars) {
        return jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Class-data sharing for the broker as for the services ({@link ServiceLaunch}): the first start of a
     * set of libraries records the classes it loaded, at its stop; later starts map them instead of
     * loading and verifying the broker's ~5,000 classes again. Off with {@code CLEARHOUSE_CDS=false}.
     */
    private static List<String> classArchive(StackConfig config, List<Path> jars) {
        if (!ServiceLaunch.classArchives()) {
            return List.of();
        }
        try {
            CRC32 fingerprint = new CRC32();
            for (Path jar : jars) {
                fingerprint.update((jar.getFileName() + ":" + ServiceLaunch.fingerprint(jar) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            Path dir = ServiceLaunch.archiveDir(config, "kafka", Long.toHexString(fingerprint.getValue()));
            return ServiceLaunch.archiveOptions(dir, true);
        } catch (IOException e) {
            return List.of(); // the broker starts as well without it
        }
    }

    private static boolean waitFor(ChildProcess p, int seconds) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (p.isAlive() && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return !p.isAlive();
    }

    /** Waits until the broker answers, then creates the topics that are missing; the caller closes it on failure. */
    void awaitReady() throws IOException, InterruptedException {
        Path log = config.logDir().resolve("kafka.log");
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
                    admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(topic.config()))).all().get();
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

    /**
     * Fault injection: stops the broker (SIGTERM, a clean shutdown; or SIGKILL when {@code crash}) and
     * starts it again on the same log, returning once it answers.
     */
    synchronized void restart(boolean crash) throws IOException, InterruptedException {
        if (crash) {
            process.kill();
        } else {
            process.close();
        }
        process = ChildProcess.start("kafka", command(config), Map.of(), config.logDir().resolve("kafka.log"), config.home());
        awaitReady();
    }

    @Override
    public void close() {
        process.close();
    }
}
