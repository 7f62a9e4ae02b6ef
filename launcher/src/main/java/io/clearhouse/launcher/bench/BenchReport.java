package io.clearhouse.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Figures of one benchmark run, printed and written under {@code bench/results/} next to the
 * machine's own limits measured in the same run, so that ratios hold on a noisy machine.
 */
public final class BenchReport {

    private final String name;
    private final List<String> lines = new ArrayList<>();

    public BenchReport(String name) {
        this.name = name;
        lines.add("# " + name + " benchmark, " + Instant.now());
        lines.add("# machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version"));
    }

    public void figure(String what, double value, String unit) {
        String line = String.format("%-58s %14.1f %s", what, value, unit);
        lines.add(line);
        System.out.println(line);
    }

    public void note(String text) {
        lines.add("# " + text);
        System.out.println(text);
    }

    public Path write(Path home) throws IOException {
        Path dir = home.resolve("bench").resolve("results");
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path file = dir.resolve(name + "-" + stamp + ".txt");
        Files.write(file, lines);
        Files.write(dir.resolve(name + "-latest.txt"), lines);
        return file;
    }
}
