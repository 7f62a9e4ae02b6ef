package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.db.DatabaseBootstrap;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process that serves requests holds its app role's credentials only; the schema owner's password
 * goes to the separate migration step alone.
 */
class ServiceRolesEnvironmentTest {

    @TempDir
    Path dataDir;

    @Test
    void aServiceIsStartedWithoutItsOwnersPasswordAndDoesNotMigrate() throws Exception {
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        StackConfig config = config();
        for (String service : withConsole()) {
            Map<String, String> env = Stack.serviceEnvironment(config, service, secrets);
            String ownerPassword = secrets.get(DatabaseBootstrap.ownerRole(service));

            assertThat(env).as(service).doesNotContainKey("CLEARHOUSE_DB_MIGRATION_PASSWORD")
                    .containsEntry("CLEARHOUSE_DB_MIGRATE_ON_START", "false")
                    .containsEntry("CLEARHOUSE_DB_USER", DatabaseBootstrap.appRole(service));
            assertThat(env.values()).as(service + ": no variable carries the owner's password")
                    .doesNotContain(ownerPassword, secrets.postgresSuperuserPassword());
        }
    }

    @Test
    void theMigrationStepRunsAsTheOwnerWithoutTheIdentitySecretOrTheAuditKey() throws Exception {
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        for (String service : withConsole()) {
            Map<String, String> env = ServiceMigrations.environment(config(), service, secrets);

            assertThat(env).as(service)
                    .containsEntry("CLEARHOUSE_DB_MIGRATION_USER", DatabaseBootstrap.ownerRole(service))
                    .containsEntry("CLEARHOUSE_DB_MIGRATION_PASSWORD", secrets.get(DatabaseBootstrap.ownerRole(service)))
                    .containsEntry("CLEARHOUSE_DB_MIGRATE_ON_START", "true")
                    .doesNotContainKey("CLEARHOUSE_IDENTITY_SECRET")
                    .doesNotContainKey("CLEARHOUSE_AUDIT_SIGNING_KEY_FILE");
        }
    }

    @Test
    void theConsoleHoldsItsSessionsSchemaAsItsAppRoleAndNoIdentitySecretOrBroker() throws Exception {
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        StackConfig config = config();
        Map<String, String> env = Stack.serviceEnvironment(config, StackConfig.CONSOLE, secrets);
        assertThat(env).containsEntry("CLEARHOUSE_DB_URL", config.jdbcUrl())
                .containsEntry("CLEARHOUSE_DB_PASSWORD", secrets.get(DatabaseBootstrap.appRole(StackConfig.CONSOLE)))
                .doesNotContainKey("CLEARHOUSE_IDENTITY_SECRET").doesNotContainKey("CLEARHOUSE_KAFKA_BOOTSTRAP");
    }

    /** The five services and the console, whose schema holds its sessions. */
    private static java.util.List<String> withConsole() {
        java.util.List<String> all = new java.util.ArrayList<>(StackConfig.SERVICES);
        all.add(StackConfig.CONSOLE);
        return all;
    }

    @Test
    void theAuditHeadKeyIsGeneratedOnceOwnerOnlyAndGivenToIngestAloneWhileSettlementGetsThePublicHalf()
            throws Exception {
        StackConfig config = config();
        AuditHeadKeys.ensure(config);
        String first = java.nio.file.Files.readString(AuditHeadKeys.privateKey(config));
        AuditHeadKeys.ensure(config);

        assertThat(java.nio.file.Files.readString(AuditHeadKeys.privateKey(config))).isEqualTo(first);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(AuditHeadKeys.privateKey(config)))).isEqualTo("rw-------");
        assertThat(io.clearhouse.common.audit.AuditSigning.pair(
                io.clearhouse.common.audit.AuditSigning.readPrivate(AuditHeadKeys.privateKey(config)),
                io.clearhouse.common.audit.AuditSigning.readPublic(AuditHeadKeys.publicKey(config)))).isTrue();
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        for (String service : StackConfig.SERVICES) {
            Map<String, String> env = Stack.serviceEnvironment(config, service, secrets);
            assertThat(env.containsKey("CLEARHOUSE_AUDIT_SIGNING_KEY_FILE")).as(service).isEqualTo("ingest".equals(service));
        }
        assertThat(Stack.serviceEnvironment(config, "settlement", secrets))
                .containsEntry("CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE", AuditHeadKeys.publicKey(config).toString());
    }

    private StackConfig config() {
        return StackConfig.from(name -> null, dataDir).withDataDirAndPorts(dataDir, 1, 2, 3,
                Map.of("gateway", 10, "ingest", 11, "settlement", 12, "reconciliation", 13, "reporting", 14, "console", 15));
    }
}
