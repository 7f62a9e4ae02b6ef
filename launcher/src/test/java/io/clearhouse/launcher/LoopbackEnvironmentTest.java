package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every service of the embedded stack listens on loopback only, as its PostgreSQL and Kafka do. */
class LoopbackEnvironmentTest {

    @TempDir
    Path dataDir;

    @Test
    void everyServiceIsBoundToLoopback() throws Exception {
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        Map<String, Integer> ports = Map.of("gateway", 10, "ingest", 11, "settlement", 12, "reconciliation", 13,
                "reporting", 14);
        StackConfig config = StackConfig.from(name -> null, dataDir).withDataDirAndPorts(dataDir, 1, 2, 3, ports);
        for (String service : ports.keySet()) {
            assertThat(Stack.serviceEnvironment(config, service, secrets)).as(service)
                    .containsEntry("SERVER_ADDRESS", "127.0.0.1");
        }
        assertThat(config.jdbcUrl()).contains("//127.0.0.1:");
        assertThat(config.kafkaBootstrap()).startsWith("127.0.0.1:");
    }
}
