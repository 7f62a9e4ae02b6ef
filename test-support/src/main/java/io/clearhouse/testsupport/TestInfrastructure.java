package io.clearhouse.testsupport;

import io.clearhouse.common.db.DatabaseBootstrap;
import io.clearhouse.common.kafka.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, started on first use and
 * stopped when the JVM exits. In order of preference: external servers named by
 * {@code CLEARHOUSE_TEST_JDBC_URL} (with {@code CLEARHOUSE_TEST_JDBC_USER}/{@code _PASSWORD}, a
 * superuser) and {@code CLEARHOUSE_TEST_KAFKA_BOOTSTRAP}; Testcontainers when a Docker engine
 * answers; otherwise an embedded PostgreSQL server (zonky binaries) and an embedded KRaft broker.
 * Every schema, role and topic of the platform is created once, exactly as the launcher does.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final String DATABASE = "clearhouse";

    private static volatile TestInfrastructure instance;

    private final String jdbcUrl;
    private final String superUser;
    private final String superPassword;
    private final String kafkaBootstrap;
    private final Map<String, String> rolePasswords;

    private TestInfrastructure(String jdbcUrl, String superUser, String superPassword, String kafkaBootstrap) {
        this.jdbcUrl = jdbcUrl;
        this.superUser = superUser;
        this.superPassword = superPassword;
        this.kafkaBootstrap = kafkaBootstrap;
        this.rolePasswords = generatePasswords();
    }

    public static TestInfrastructure get() {
        TestInfrastructure local = instance;
        if (local == null) {
            synchronized (TestInfrastructure.class) {
                local = instance;
                if (local == null) {
                    local = start();
                    instance = local;
                }
            }
        }
        return local;
    }

    /** JDBC URL of the {@code clearhouse} database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** A superuser connection, for tests that must act outside every service role (tampering). */
    public Connection superuserConnection() throws Exception {
        return DriverManager.getConnection(jdbcUrl, superUser, superPassword);
    }

    public String password(String role) {
        return rolePasswords.get(role);
    }

    /** Spring properties that point one service at this infrastructure with its own roles. */
    public Map<String, String> springProperties(String service) {
        Map<String, String> p = new HashMap<>();
        p.put("spring.datasource.url", jdbcUrl);
        p.put("spring.datasource.username", DatabaseBootstrap.appRole(service));
        p.put("spring.datasource.password", password(DatabaseBootstrap.appRole(service)));
        p.put("spring.flyway.user", DatabaseBootstrap.ownerRole(service));
        p.put("spring.flyway.password", password(DatabaseBootstrap.ownerRole(service)));
        p.put("spring.kafka.bootstrap-servers", kafkaBootstrap);
        p.put("clearhouse.identity.secret", IDENTITY_SECRET);
        return p;
    }

    /** The secret with which tests sign caller identities, as the gateway does; one per test JVM. */
    static final String IDENTITY_SECRET = randomHex(32);

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private static TestInfrastructure start() {
        String[] pg = startPostgres();
        String kafka = startKafka();
        TestInfrastructure infra = new TestInfrastructure(pg[0], pg[1], pg[2], kafka);
        infra.bootstrap();
        return infra;
    }

    private void bootstrap() {
        try (Connection c = superuserConnection()) {
            DatabaseBootstrap.ensure(c, DATABASE, rolePasswords);
        } catch (Exception e) {
            throw new IllegalStateException("could not bootstrap the test database", e);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = Topics.all(Topics.TRANSACTION_PARTITIONS).stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config()))
                    .toList();
            try {
                admin.createTopics(topics).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create the test topics", e);
        }
    }

    private static String[] startPostgres() {
        String external = System.getenv("CLEARHOUSE_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            log.info("Tests use the external PostgreSQL at {}", external);
            return new String[] {external, env("CLEARHOUSE_TEST_JDBC_USER", "postgres"),
                    env("CLEARHOUSE_TEST_JDBC_PASSWORD", "")};
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine")
                    .withDatabaseName(DATABASE).withUsername("postgres").withPassword("postgres")
                    // the collation every Clearhouse cluster is made with (the launcher's, compose's, CloudNativePG's)
                    .withEnv("POSTGRES_INITDB_ARGS", "--lc-collate=C");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            log.info("Tests use PostgreSQL in a Testcontainers container at {}", container.getJdbcUrl());
            return new String[] {container.getJdbcUrl(), "postgres", "postgres"};
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setLocaleConfig("lc-collate", "C").start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // the JVM is exiting; the server dies with its process group
                }
            }));
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
            // no user= in the URL: PgJDBC would prefer it over each service's own role
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/" + DATABASE;
            log.info("Tests use an embedded PostgreSQL server (no Docker engine answered) at {}", url);
            return new String[] {url, "postgres", ""};
        } catch (Exception e) {
            throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
    }

    private static String startKafka() {
        String external = System.getenv("CLEARHOUSE_TEST_KAFKA_BOOTSTRAP");
        if (external != null && !external.isBlank()) {
            log.info("Tests use the external Kafka broker at {}", external);
            return external;
        }
        if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            log.info("Tests use Kafka in a Testcontainers container at {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, Topics.TRANSACTION_PARTITIONS);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        // the gateway publishes batches transactionally: a small transaction log is created quickly
        broker.brokerProperty("transaction.state.log.num.partitions", "4");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        log.info("Tests use an embedded KRaft Kafka broker (no Docker engine answered) at {}",
                broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    private static Map<String, String> generatePasswords() {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new HashMap<>();
        for (String service : DatabaseBootstrap.SERVICES) {
            for (String role : List.of(DatabaseBootstrap.ownerRole(service), DatabaseBootstrap.appRole(service))) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 24; i++) {
                    sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
                }
                passwords.put(role, sb.toString());
            }
        }
        return passwords;
    }
}
