package io.clearhouse.launcher.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The repository's ops/ directory and the Debian tools that check it (promtool, amtool). */
final class OpsTools {

    static final String HOW_TO_INSTALL = "promtool is missing: sudo apt-get install prometheus prometheus-alertmanager"
            + " (the build checks ops/prometheus with it; CI installs both)";

    private OpsTools() {
    }

    static Path home() {
        return Path.of(System.getProperty("clearhouse.home", "..")).toAbsolutePath().normalize();
    }

    static Path ops() {
        return home().resolve("ops");
    }

    static Optional<Path> tool(String name) {
        for (String dir : (Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/bin:/usr/local/bin")
                .split(":")) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    /** What a command said (stdout and stderr) and how it ended; bounded to 2 minutes. */
    record Run(int exit, String output) {
    }

    static Run run(Path workDir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(workDir.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
