package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL trusts nobody: every connection, the superuser's included, needs its
 * password, on a new cluster and on one created before (initdb's {@code trust}), converted on start.
 * And a commit it acknowledged is on disk: it survives the machine's crash, not only the server's.
 */
class PostgresServerIT {

    @TempDir
    Path dataDir;

    @Test
    void aNewClusterAsksEveryoneForAPasswordAndTheSuperusersIsTheGeneratedOne() throws Exception {
        StackConfig config = config();
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        try (PostgresServer ignored = PostgresServer.start(config, secrets)) {
            assertPasswordsRequired(config, secrets);
        }
        assertThat(dataDir.resolve("postgres-superuser.pw")).doesNotExist();
    }

    /**
     * zonky's EmbeddedPostgres starts the server with {@code -F} (no fsync: fast tests, and a committed
     * row lost or a page torn when the machine crashes). The stack is a deployment, not a test fixture.
     */
    @Test
    void everyCommitIsFlushedToDiskBeforeItIsAcknowledged() throws Exception {
        StackConfig config = config();
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        try (PostgresServer ignored = PostgresServer.start(config, secrets);
             Connection c = connect(config, "postgres", secrets.postgresSuperuserPassword());
             Statement st = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void aClusterCreatedWithTrustIsConvertedToPasswordsOnItsNextStart() throws Exception {
        StackConfig config = config();
        int port = config.postgresPort();
        // what an earlier launcher left: zonky's default initdb (-A trust)
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).setPort(port).setRegisterShutdownHook(false).start()) {
            assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).contains("trust");
        }
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        try (PostgresServer ignored = PostgresServer.start(config, secrets)) {
            assertPasswordsRequired(config, secrets);
        }
    }

    private void assertPasswordsRequired(StackConfig config, Secrets secrets) throws Exception {
        assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).endsWith("scram-sha-256").doesNotContain("trust"));
        assertThatThrownBy(() -> connect(config, "postgres", null)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connect(config, "postgres", "wrong")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> connect(config, "ingest_owner", null)).isInstanceOf(SQLException.class);
        try (Connection c = connect(config, "postgres", secrets.postgresSuperuserPassword())) {
            assertThat(c.isValid(5)).isTrue();
        }
        try (Connection c = connect(config, "ingest_app", secrets.get("ingest_app"))) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    private static Connection connect(StackConfig config, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(config.jdbcUrl(), p);
    }

    private StackConfig config() throws Exception {
        int port = RunningStack.freePorts(1).get(0);
        StackConfig config = StackConfig.from(name -> null, dataDir).withDataDirAndPorts(dataDir, port, 2, 3,
                Map.of("gateway", 10, "ingest", 11, "settlement", 12, "reconciliation", 13, "reporting", 14));
        Files.createDirectories(config.logDir());
        return config;
    }
}
