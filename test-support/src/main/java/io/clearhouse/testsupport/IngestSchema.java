package io.clearhouse.testsupport;

import io.clearhouse.common.db.DatabaseBootstrap;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Builds ingest's real schema in the test database with ingest's own migrations, exactly as
 * ingest-service does at start. A service that reads ingest's data (reconciliation, reporting) has
 * ingest's plain jar as a test dependency, so {@code classpath:db/migration} holds ingest's
 * migrations only (the reading service keeps its own elsewhere, e.g. {@code db/reporting}). Its tests
 * thus read the real {@code ingest.ledger_view}, grants included, and fail if ingest ever breaks that
 * contract. Needs {@code flyway-core} (and {@code flyway-database-postgresql}) on the test classpath.
 */
public final class IngestSchema {

    private static volatile boolean migrated;

    private IngestSchema() {
    }

    /** Migrates ingest's schema once per test JVM. */
    public static synchronized void migrate() {
        if (migrated) {
            return;
        }
        TestInfrastructure infra = TestInfrastructure.get();
        String owner = DatabaseBootstrap.ownerRole("ingest");
        Flyway.configure()
                .dataSource(infra.jdbcUrl(), owner, infra.password(owner))
                .schemas("ingest")
                .defaultSchema("ingest")
                .createSchemas(false)
                .locations("classpath:db/common", "classpath:db/migration")
                .placeholders(Map.of("app_role", DatabaseBootstrap.appRole("ingest")))
                .load()
                .migrate();
        migrated = true;
    }
}
