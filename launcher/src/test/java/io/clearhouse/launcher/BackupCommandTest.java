package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refusals of backup and restore, which must leave the data directory as it was. */
class BackupCommandTest {

    @TempDir
    Path dir;

    @Test
    void backupRefusesADataDirectoryWithoutADatabase() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);

        assertThat(BackupCommand.backup(fake.config, List.of(dir.resolve("b.zip").toString()), fake.console))
                .isEqualTo(2);
        assertThat(fake.printed()).contains("Nothing to back up");
        assertThat(dir.resolve("b.zip")).doesNotExist();
    }

    @Test
    void restoreRefusesAFileThatIsNotAClearhouseBackupAndChangesNothing() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        Path secrets = fake.config.dataDir().resolve("secrets.properties");
        Files.createDirectories(secrets.getParent());
        Files.writeString(secrets, "identity_secret=keep-me\n");
        Path notABackup = zip(Map.of("readme.txt", "hello"));

        assertThat(BackupCommand.restore(fake.config, List.of(notABackup.toString(), "--yes"), fake.console))
                .isEqualTo(2);
        assertThat(fake.printed()).contains("is not a Clearhouse backup");
        assertThat(Files.readString(secrets)).isEqualTo("identity_secret=keep-me\n");
    }

    @Test
    void restoreRefusesABackupOfAnotherPostgresMajorVersion() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        Path old = zip(Map.of(BackupCommand.MANIFEST, "format=1\n", "postgres/PG_VERSION", "16\n",
                "postgres/backup_label", "START WAL LOCATION: 0/2000028\n"));

        assertThat(BackupCommand.restore(fake.config, List.of(old.toString(), "--yes"), fake.console)).isEqualTo(2);
        assertThat(fake.printed()).contains("PostgreSQL 16", "runs PostgreSQL 17");
    }

    @Test
    void restoreRefusesWhileAStackHoldsTheDataDirectoryAndTellsHowToStopIt() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        Path backup = zip(Map.of(BackupCommand.MANIFEST, "format=1\n", "postgres/PG_VERSION", "17\n",
                "postgres/backup_label", "START WAL LOCATION: 0/2000028\n", "config/secrets.properties", "x=y\n"));
        Path secrets = fake.config.dataDir().resolve("secrets.properties");
        Files.createDirectories(secrets.getParent());
        Files.writeString(secrets, "identity_secret=keep-me\n");

        try (DataDirLock running = DataDirLock.tryAcquire(fake.config.dataDir()).orElseThrow()) {
            assertThat(BackupCommand.restore(fake.config, List.of(backup.toString(), "--yes"), fake.console))
                    .isEqualTo(2);
        }
        assertThat(fake.printed()).contains("A stack is running", "./clearhouse down");
        assertThat(Files.readString(secrets)).isEqualTo("identity_secret=keep-me\n");
    }

    private Path zip(Map<String, String> entries) throws Exception {
        Path file = Files.createTempFile(dir, "backup", ".zip");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
