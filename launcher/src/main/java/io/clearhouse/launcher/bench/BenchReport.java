package io.clearhouse.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Figures of one benchmark run, printed and written under {@code bench/results/} as JSON and
 * Markdown ({@code <name>-<stamp>.json|.md} and {@code <name>-latest.json|.md}), with the machine,
 * the JVM, the versions and the commit, next to the machine's own ceilings measured in the same run
 * (PostgreSQL COPY rows/s, Kafka producer msgs/s with acks=all) and each figure's ratio to the
 * ceiling it depends on, so that runs on a noisy, shared machine can still be compared.
 */
public final class BenchReport {

    /** A ceiling of this machine measured in this run. */
    public static final String COPY = "postgres-copy-rows-per-s";
    public static final String KAFKA = "kafka-producer-msgs-per-s";

    private final String name;
    private final Instant startedAt = Instant.now();
    private final Map<String, Object> environment;
    private final Map<String, Double> ceilings = new LinkedHashMap<>();
    private final List<Map<String, Object>> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();

    private record Table(String title, List<String> header, List<List<String>> rows) {
    }

    public BenchReport(String name) {
        this.name = name;
        this.environment = BenchEnvironment.describe();
        System.out.println("# " + name + " benchmark, " + startedAt + ", commit " + environment.get("commit")
                + ", load average " + BenchEnvironment.loadAverage());
    }

    /** A ceiling of the machine, measured in this run (see {@link MachineLimits}). */
    public void ceiling(String key, String what, double value, String unit) {
        ceilings.put(key, value);
        figure(what, value, unit);
    }

    public void figure(String what, double value, String unit) {
        figure(what, value, unit, null);
    }

    /** A figure and, when the ceiling was measured, its ratio to it (e.g. tx/s over COPY rows/s). */
    public void figure(String what, double value, String unit, String ceilingKey) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("what", what);
        f.put("value", value);
        f.put("unit", unit);
        String ratioText = "";
        if (ceilingKey != null && ceilings.get(ceilingKey) != null && ceilings.get(ceilingKey) > 0) {
            double ratio = value / ceilings.get(ceilingKey);
            f.put("ratioTo", ceilingKey);
            f.put("ratio", ratio);
            ratioText = String.format(Locale.ROOT, "  (%.2f %% of %s)", ratio * 100, ceilingKey);
        }
        figures.add(f);
        System.out.println(String.format(Locale.ROOT, "%-64s %14.1f %s%s", what, value, unit, ratioText));
    }

    public void note(String text) {
        notes.add(text);
        System.out.println(text);
    }

    /** A table (e.g. a latency sweep), printed and kept for both files. */
    public void table(String title, List<String> header, List<List<String>> rows) {
        tables.add(new Table(title, List.copyOf(header), rows.stream().map(List::copyOf).toList()));
        System.out.println(markdownTable(title, header, rows));
    }

    public Path write(Path home) throws IOException {
        Path dir = home.resolve("bench").resolve("results");
        Files.createDirectories(dir);
        environment.put("loadAverageAtEnd", BenchEnvironment.loadAverage());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(startedAt);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", name);
        json.put("startedAt", startedAt.toString());
        json.put("finishedAt", Instant.now().toString());
        json.put("environment", environment);
        json.put("ceilings", ceilings);
        json.put("figures", figures);
        List<Map<String, Object>> tableJson = new ArrayList<>();
        for (Table t : tables) {
            tableJson.add(Map.of("title", t.title(), "header", t.header(), "rows", t.rows()));
        }
        json.put("tables", tableJson);
        json.put("notes", notes);
        byte[] jsonBytes = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsBytes(json);
        byte[] md = markdown().getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve(name + "-" + stamp + ".md");
        Files.write(file, md);
        Files.write(dir.resolve(name + "-" + stamp + ".json"), jsonBytes);
        Files.write(dir.resolve(name + "-latest.md"), md);
        Files.write(dir.resolve(name + "-latest.json"), jsonBytes);
        return file;
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(name).append(" benchmark, ").append(startedAt).append("\n\n");
        md.append("| environment | |\n|---|---|\n");
        environment.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| figure | value | unit | ratio to the machine's ceiling (same run) |\n|---|---:|---|---|\n");
        for (Map<String, Object> f : figures) {
            md.append("| ").append(f.get("what")).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.1f", (Double) f.get("value"))).append(" | ")
                    .append(f.get("unit")).append(" | ")
                    .append(f.containsKey("ratio") ? String.format(Locale.ROOT, "%.2f %% of %s",
                            (Double) f.get("ratio") * 100, f.get("ratioTo")) : "").append(" |\n");
        }
        for (Table t : tables) {
            md.append('\n').append(markdownTable(t.title(), t.header(), t.rows()));
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static String markdownTable(String title, List<String> header, List<List<String>> rows) {
        StringBuilder md = new StringBuilder("**").append(title).append("**\n\n| ")
                .append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append("---|"));
        md.append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return md.toString();
    }
}
