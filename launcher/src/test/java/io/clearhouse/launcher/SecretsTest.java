package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.clearhouse.common.db.DatabaseBootstrap;
import io.clearhouse.common.identity.GatewayIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesAnIdentitySecretLongEnoughForTheGatewayOnceAndKeepsIt() throws Exception {
        Secrets first = Secrets.loadOrCreate(dataDir);

        assertThat(first.identitySecret()).hasSizeGreaterThanOrEqualTo(32);
        assertThatNoException().isThrownBy(() -> new GatewayIdentity(first.identitySecret()));
        assertThat(Secrets.loadOrCreate(dataDir).identitySecret()).isEqualTo(first.identitySecret());
    }

    @Test
    void writesTheSecretsFileOwnerOnly() throws Exception {
        Secrets.loadOrCreate(dataDir);

        Path file = dataDir.resolve(Secrets.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dataDir.resolve(Secrets.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void addsTheIdentitySecretToAnOlderFileAndKeepsItsRolePasswords() throws Exception {
        Files.writeString(dataDir.resolve(Secrets.FILE), "ingest_app=keepme12345678901234567890123456\n");

        Secrets secrets = Secrets.loadOrCreate(dataDir);

        assertThat(secrets.get("ingest_app")).isEqualTo("keepme12345678901234567890123456");
        assertThat(secrets.identitySecret()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.readString(dataDir.resolve(Secrets.FILE))).contains(Secrets.IDENTITY + "=");
    }

    @Test
    void everyServiceIsStartedWithTheSameIdentitySecretAndItsOwnRole() throws Exception {
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        StackConfig config = StackConfig.from(name -> null, dataDir).withDataDirAndPorts(dataDir, 1, 2, 3,
                Map.of("gateway", 10, "ingest", 11, "settlement", 12, "reconciliation", 13, "reporting", 14));

        Set<String> identitySecrets = new HashSet<>();
        for (String service : StackConfig.SERVICES) {
            Map<String, String> env = Stack.serviceEnvironment(config, service, secrets);
            identitySecrets.add(env.get("CLEARHOUSE_IDENTITY_SECRET"));
            assertThat(env.get("CLEARHOUSE_DB_USER")).isEqualTo(DatabaseBootstrap.appRole(service));
            assertThat(env.get("CLEARHOUSE_DB_PASSWORD")).isEqualTo(secrets.get(DatabaseBootstrap.appRole(service)));
        }
        assertThat(identitySecrets).containsExactly(secrets.identitySecret());
        assertThat(secrets.rolePasswords()).doesNotContainKey(Secrets.IDENTITY);
    }
}
