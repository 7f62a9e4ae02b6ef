package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base backup on its own, against the real PostgreSQL the launcher runs (no Kafka, no services):
 * taken while a writer commits balanced pairs of rows, it restores to a snapshot holding whole
 * transactions only, with the roles and secrets that open it. StackIT does the same with the whole stack.
 */
class BackupRestoreIT {

    @TempDir
    Path dir;

    @Test
    void aBackupTakenWhileTransactionsCommitRestoresWholeTransactionsWithTheSecretsThatOpenIt() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        StackConfig config = fake.config;
        Files.createDirectories(config.logDir());
        Path file = dir.resolve("backup.zip");
        String identity;
        long before;
        try (DataDirLock running = DataDirLock.tryAcquire(config.dataDir()).orElseThrow();
             PostgresServer pg = PostgresServer.start(config, Secrets.loadOrCreate(config.dataDir()))) {
            identity = Secrets.loadOrCreate(config.dataDir()).identitySecret();
            try (Connection c = pg.superuser(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE public.ledger (id BIGSERIAL PRIMARY KEY, amount_minor BIGINT NOT NULL)");
                st.execute("INSERT INTO public.ledger (amount_minor) SELECT 0 FROM generate_series(1, 20000)");
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong committed = new AtomicLong();
            Thread writer = new Thread(() -> {
                try (Connection c = pg.superuser(); Statement st = c.createStatement()) {
                    while (!stop.get()) {
                        // one transaction, two rows that cancel out: a torn copy would show half of one
                        st.execute("INSERT INTO public.ledger (amount_minor) VALUES (" + (committed.get() + 1)
                                + "), (-" + (committed.get() + 1) + ")");
                        committed.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            try {
                Awaitility.await("the writer committing").atMost(Duration.ofSeconds(60)).until(() -> committed.get() > 20);
                assertThat(BackupCommand.backup(config, List.of(file.toString()), fake.console)).isZero();
            } finally {
                stop.set(true);
                writer.join(60_000);
            }
            before = committed.get();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        try (Stream<Path> files = Files.walk(config.dataDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(BackupCommand.restore(config, List.of(file.toString(), "--yes"), fake.console)).isZero();

        Secrets restored = Secrets.loadOrCreate(config.dataDir());
        assertThat(restored.identitySecret()).isEqualTo(identity);
        try (PostgresServer pg = PostgresServer.start(config, restored);
             Connection c = pg.superuser(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(amount_minor), 0), "
                     + "count(*) FILTER (WHERE amount_minor > 0) FROM public.ledger WHERE id > 20000")) {
            rs.next();
            long rows = rs.getLong(1);
            assertThat(rs.getLong(2)).as("whole transactions only").isZero();
            assertThat(rows).as("pairs").isEqualTo(2 * rs.getLong(3));
            assertThat(rs.getLong(3)).as("what committed before the backup's end, no more").isBetween(20L, before);
            // the restored role passwords are the restored secrets'
            try (Connection app = DriverManager.getConnection(config.jdbcUrl(),
                    io.clearhouse.common.db.DatabaseBootstrap.appRole("ingest"),
                    restored.get(io.clearhouse.common.db.DatabaseBootstrap.appRole("ingest")))) {
                assertThat(app.isValid(5)).isTrue();
            }
        }
        assertThat(fake.printed()).contains("Backup written to", "Restored the PostgreSQL cluster");
    }
}
