package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackRefusalTest {

    @TempDir
    Path dir;

    @Test
    void refusesInOneLineNamingThePortAndItsVariableWhenAPortIsTaken() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), fake.config.kafkaPort()));

            assertThatThrownBy(() -> Stack.start(fake.config, fake.console))
                    .isInstanceOf(StackRefusedException.class)
                    .hasMessage("Port " + fake.config.kafkaPort() + " for Kafka (CLEARHOUSE_KAFKA_PORT) is taken: "
                            + "free it or set that variable to another port.");
        }
        assertThat(fake.config.pidFile()).doesNotExist();
        assertThat(fake.printed()).doesNotContain("starting");
    }

    @Test
    void refusesASecondStackOnTheSameDataDirectoryAndLeavesTheFirstOnesPidFile() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        Stack first = Stack.claim(fake.config, fake.console);
        try {
            String pid = Long.toString(ProcessHandle.current().pid());
            assertThat(Files.readString(fake.config.pidFile())).isEqualTo(pid);

            assertThatThrownBy(() -> Stack.start(fake.config, fake.console))
                    .isInstanceOf(StackRefusedException.class)
                    .hasMessage("A Clearhouse stack is already running on this data directory (pid " + pid
                            + "): stop it with ./clearhouse down, or use it as it is.");
            assertThat(Files.readString(fake.config.pidFile())).isEqualTo(pid);
        } finally {
            first.close();
        }
        assertThat(fake.config.pidFile()).doesNotExist();
        // the lock went with the first stack: the directory can be claimed again
        Stack.claim(fake.config, fake.console).close();
    }

    @Test
    void anUpRacingPastThePidFileCheckIsRefusedByTheLockAndDeletesNothing() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        Stack first = Stack.claim(fake.config, fake.console);
        try {
            // the second up looked before the first wrote its pid file
            Files.delete(fake.config.pidFile());
            Files.writeString(fake.config.pidFile(), "424242424");

            assertThatThrownBy(() -> Stack.claim(fake.config, fake.console))
                    .isInstanceOf(StackRefusedException.class)
                    .hasMessageStartingWith("A Clearhouse stack is already running on this data directory");
            assertThat(Files.readString(fake.config.pidFile())).isEqualTo("424242424");
        } finally {
            first.close();
        }
    }

    @Test
    void refusesWhenTheServicesAreNotBuilt() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        Files.delete(fake.config.serviceJar("ingest"));

        assertThatThrownBy(() -> Stack.start(fake.config, fake.console))
                .isInstanceOf(StackRefusedException.class)
                .hasMessageContaining("./mvnw -DskipTests package");
    }
}
