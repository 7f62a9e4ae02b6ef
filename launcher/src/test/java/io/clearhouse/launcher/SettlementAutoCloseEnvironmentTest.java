package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded stack runs settlement's scheduled close, ticking every few seconds, unless told otherwise. */
class SettlementAutoCloseEnvironmentTest {

    @TempDir
    Path dataDir;

    private static final Map<String, Integer> PORTS = Map.of("gateway", 10, "ingest", 11, "settlement", 12,
            "reconciliation", 13, "reporting", 14);

    @Test
    void settlementClosesByItselfWithAShortTickByDefault() throws Exception {
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        StackConfig config = StackConfig.from(name -> null, dataDir).withDataDirAndPorts(dataDir, 1, 2, 3, PORTS);

        Map<String, String> settlement = Stack.serviceEnvironment(config, "settlement", secrets);
        assertThat(settlement).containsEntry("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE", "true")
                .containsEntry("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE_POLL_MS", "2000");
        assertThat(Stack.serviceEnvironment(config, "ingest", secrets)).doesNotContainKey("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE");
    }

    @Test
    void theEnvironmentMayTurnItOffOrSlowItDown() throws Exception {
        Secrets secrets = Secrets.loadOrCreate(dataDir);
        Map<String, String> env = Map.of("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE", "false",
                "CLEARHOUSE_SETTLEMENT_AUTO_CLOSE_POLL_MS", "60000");
        StackConfig config = StackConfig.from(env::get, dataDir).withDataDirAndPorts(dataDir, 1, 2, 3, PORTS);

        assertThat(Stack.serviceEnvironment(config, "settlement", secrets))
                .containsEntry("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE", "false")
                .containsEntry("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE_POLL_MS", "60000");
    }
}
