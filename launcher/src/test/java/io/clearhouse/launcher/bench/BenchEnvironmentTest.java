package io.clearhouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchEnvironmentTest {

    @TempDir
    Path repo;

    @Test
    void aBenchmarksOwnResultFilesDoNotMarkTheNextRunsCommitModifiedButAChangedSourceDoes() throws Exception {
        Files.createDirectories(repo.resolve("bench/results"));
        Files.writeString(repo.resolve("Source.java"), "class Source {}\n");
        Files.writeString(repo.resolve("bench/results/latency-latest.md"), "first run\n");
        git("init", "-q");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start");
        String head = BenchEnvironment.commit(repo);
        assertThat(head).matches("[0-9a-f]{7,}");

        Files.writeString(repo.resolve("bench/results/latency-latest.md"), "second run\n");
        assertThat(BenchEnvironment.commit(repo)).isEqualTo(head);

        Files.writeString(repo.resolve("Source.java"), "class Source { int changed; }\n");
        assertThat(BenchEnvironment.commit(repo)).isEqualTo(head + " (modified)");
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
