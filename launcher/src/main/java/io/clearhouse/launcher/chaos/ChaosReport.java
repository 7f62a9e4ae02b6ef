package io.clearhouse.launcher.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The outcome of a chaos run: the table (fault, count, transactions, lost, duplicated, verdict) and the checks. */
public final class ChaosReport {

    private final ChaosRun.Options options;
    private final int transactions;
    private final long retries;
    private final long refusals;
    private final Duration sending;
    private final List<ChaosRun.Injected> injected;
    private final Checker.Verdicts verdicts;
    private final Map<String, Integer> restarts;
    private final boolean stackStopped;

    ChaosReport(ChaosRun.Options options, int transactions, long retries, long refusals, Duration sending,
                List<ChaosRun.Injected> injected, Checker.Verdicts verdicts, Map<String, Integer> restarts,
                boolean stackStopped) {
        this.options = options;
        this.transactions = transactions;
        this.retries = retries;
        this.refusals = refusals;
        this.sending = sending;
        this.injected = injected;
        this.verdicts = verdicts;
        this.restarts = ChaosRun.ordered(restarts);
        this.stackStopped = stackStopped;
    }

    /** Nothing lost, nothing duplicated, figures as expected, audit intact, every fault recovered, the stack still up. */
    public boolean pass() {
        return verdicts.pass() && injected.stream().allMatch(ChaosRun.Injected::recovered) && !stackStopped
                && injected.size() == options.faults().size();
    }

    public long lost() {
        return verdicts.rows().get(verdicts.rows().size() - 1).lost();
    }

    public long duplicated() {
        return verdicts.rows().get(verdicts.rows().size() - 1).duplicated();
    }

    public long accepted() {
        return verdicts.accepted();
    }

    public long recorded() {
        return verdicts.recorded();
    }

    public long counted() {
        return verdicts.counted();
    }

    public String expectedFiguresHash() {
        return verdicts.expectedFigures();
    }

    public String settledFiguresHash() {
        return verdicts.settledFigures();
    }

    public Boolean auditIntact() {
        return verdicts.auditIntact();
    }

    public Map<String, Integer> restarts() {
        return restarts;
    }

    /** The faults that did not end with the stack whole again and every other service on its own process. */
    public List<String> faultNotes() {
        return injected.stream().map(i -> i.fault().label() + ": " + (i.recovered() ? "recovered" : "NOT RECOVERED")
                + " (" + i.note() + ")").toList();
    }

    /** The report as Markdown lines: the table, then the checks. */
    public List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add(String.format("Chaos run, seed %d: %d transactions over %d s (%d providers, batches and singles, resends,"
                        + " conflicts, rollbacks, late ones), %d faults; sent in %d s, %d retries after no answer or 5xx",
                options.seed(), transactions, options.spread().toSeconds(), 4, options.faults().size(),
                sending.toSeconds(), retries));
        l.add("");
        l.add("| fault | count | transactions | lost | duplicated | verdict | note |");
        l.add("|---|---:|---:|---:|---:|---|---|");
        for (Checker.Row r : verdicts.rows()) {
            l.add(String.format("| %s | %d | %d | %d | %d | %s | %s |", r.fault(), r.count(), r.transactions(), r.lost(),
                    r.duplicated(), r.pass() ? "PASS" : "FAIL", r.note()));
        }
        l.add("");
        l.add(String.format("- accepted (202) %d = recorded by ingest %d = counted by settlement %d: %s",
                verdicts.accepted(), verdicts.recorded(), verdicts.counted(),
                verdicts.accepted() == verdicts.recorded() && verdicts.recorded() == verdicts.counted() ? "yes" : "NO"));
        l.add(String.format("- requests never answered 2xx within %d min: %d (their %d transactions are not counted as"
                        + " accepted)", ProviderSender.GIVE_UP_AFTER.toMinutes(), refusals, verdicts.unconfirmed()));
        l.add("- recorded with other content than first sent (a conflict won): " + verdicts.wrongContent());
        l.add(String.format("- statement figures (settlement's sums per provider, brand, currency, game type) against"
                        + " the sums computed from the known workload: %d groups, %d differ; expected sha256 %s,"
                        + " settled sha256 %s", verdicts.figureGroups(), verdicts.figureMismatches(),
                verdicts.expectedFigures().substring(0, 16), verdicts.settledFigures().substring(0, 16)));
        l.add("- ingest audit chain: " + (verdicts.auditIntact() == null ? "NOT VERIFIED" : verdicts.auditIntact()
                ? "intact" : "BROKEN") + " (" + verdicts.auditNote() + ")");
        l.add("- supervisor restarts: " + restarts + (stackStopped ? "; THE STACK STOPPED" : "; the stack stayed up"));
        l.add("- verdict: " + (pass() ? "PASS" : "FAIL"));
        return l;
    }

    /** Writes the report to {@code bench/results/chaos-<stamp>.md} and {@code chaos-latest.md}. */
    public Path write(Path home, String machineNote) throws IOException {
        Path dir = home.resolve("bench").resolve("results");
        Files.createDirectories(dir);
        Instant now = Instant.now();
        List<String> content = new ArrayList<>();
        content.add("# Chaos run " + now);
        content.add("");
        content.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ". "
                + machineNote);
        content.add("");
        content.addAll(lines());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now);
        Path file = dir.resolve("chaos-" + stamp + ".md");
        Files.write(file, content);
        Files.write(dir.resolve("chaos-latest.md"), content);
        return file;
    }
}
