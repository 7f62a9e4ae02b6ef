package io.clearhouse.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checkout for launcher tests: service "jars" that are not jars (a service started from one exits at
 * once), and the broker's jars either missing or linked from the real build, plus free ports.
 */
final class FakeHome {

    final Path home;
    final StackConfig config;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final Console console = new Console(new PrintStream(printed, true, StandardCharsets.UTF_8));

    private FakeHome(Path home, StackConfig config) {
        this.home = home;
        this.config = config;
    }

    /** @param realKafkaLibs the real build's broker jars to link, or null for an empty directory */
    static FakeHome create(Path dir, Path realKafkaLibs) throws IOException {
        Path home = dir.resolve("home");
        for (String s : java.util.stream.Stream.concat(StackConfig.SERVICES.stream(),
                java.util.stream.Stream.of(StackConfig.CONSOLE)).toList()) {
            Path jar = home.resolve(s + "-service/target/" + s + "-service-exec.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not a jar");
        }
        Path libs = home.resolve("launcher/target/kafka-libs");
        Files.createDirectories(libs.getParent());
        if (realKafkaLibs == null) {
            Files.createDirectories(libs);
        } else {
            Files.createSymbolicLink(libs, realKafkaLibs.toAbsolutePath());
        }
        StackConfig config = FreePorts.stackOn(StackConfig.from(name -> null, home), dir.resolve("data"));
        return new FakeHome(home, config);
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
