package io.clearhouse.reporting;

import io.clearhouse.common.db.DatabaseBootstrap;
import io.clearhouse.testsupport.TestInfrastructure;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Builds ingest's real schema in the test database with ingest's own migrations, as ingest-service
 * does at start (its plain jar is a test dependency, so {@code classpath:db/migration} holds ingest's
 * migrations only; reporting keeps its own in {@code db/reporting}). The export then reads the real
 * {@code ingest.ledger_view} with the real grants.
 */
final class IngestSchema {

    private static boolean migrated;

    private IngestSchema() {
    }

    static synchronized void migrate() {
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
