package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration step is skipped only when it would change nothing: the same build of the jar already
 * applied this very history. Against the embedded PostgreSQL, with a Flyway history table as Flyway
 * writes it.
 */
class MigrationStampIT {

    @TempDir
    Path dir;

    @Test
    void theStepIsSkippedOnlyForTheSameJarAndTheSameHistory() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        StackConfig config = fake.config;
        Files.createDirectories(config.logDir());
        Secrets secrets = Secrets.loadOrCreate(config.dataDir());
        try (PostgresServer pg = PostgresServer.start(config, secrets); Connection c = pg.superuser()) {
            // a new database: no history yet, nothing to stamp, the step must run
            assertThat(MigrationStamp.current(config, "ingest", c)).isFalse();
            MigrationStamp.record(config, "ingest", c);
            assertThat(MigrationStamp.current(config, "ingest", c)).isFalse();

            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE ingest.flyway_schema_history (installed_rank int PRIMARY KEY, version text, "
                        + "script text, checksum int, success boolean NOT NULL)");
                st.execute("INSERT INTO ingest.flyway_schema_history VALUES (1, '1', 'V1__a.sql', -2000000000, true),"
                        + " (2, '2', 'V2__b.sql', -2000000000, true)");
            }
            assertThat(MigrationStamp.current(config, "ingest", c)).as("never stamped").isFalse();
            MigrationStamp.record(config, "ingest", c);
            assertThat(MigrationStamp.current(config, "ingest", c)).as("same jar, same history").isTrue();
            assertThat(MigrationStamp.current(config, "settlement", c)).as("another service").isFalse();

            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO ingest.flyway_schema_history VALUES (3, '3', 'V3__c.sql', 7, true)");
            }
            assertThat(MigrationStamp.current(config, "ingest", c)).as("the history moved on").isFalse();
            MigrationStamp.record(config, "ingest", c);
            assertThat(MigrationStamp.current(config, "ingest", c)).isTrue();

            try (Statement st = c.createStatement()) {
                st.execute("UPDATE ingest.flyway_schema_history SET checksum = 8 WHERE installed_rank = 3");
            }
            assertThat(MigrationStamp.current(config, "ingest", c)).as("an applied migration edited").isFalse();
            MigrationStamp.record(config, "ingest", c);

            Path jar = config.serviceJar("ingest");
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
            assertThat(MigrationStamp.current(config, "ingest", c)).as("a new build of the jar").isFalse();
            MigrationStamp.record(config, "ingest", c);
            assertThat(MigrationStamp.current(config, "ingest", c)).isTrue();

            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO ingest.flyway_schema_history VALUES (4, '4', 'V4__d.sql', 9, false)");
            }
            assertThat(MigrationStamp.current(config, "ingest", c)).as("a failed migration").isFalse();
            MigrationStamp.record(config, "ingest", c);
            assertThat(MigrationStamp.current(config, "ingest", c)).as("a failed history is never stamped").isFalse();
        }
    }
}
