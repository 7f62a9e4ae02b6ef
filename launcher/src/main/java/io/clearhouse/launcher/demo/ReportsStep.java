package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The day's reports, as finance receives them: reporting-service archived each provider's report and
 * the consolidated one (CSV, XLSX, PDF) as DRAFT after the close; finance approves the statements the
 * settlement step left in DRAFT, and reporting archives them again as FINAL. The demo waits for every
 * FINAL report (bounded), downloads each through the gateway as an AUDITOR, checks its SHA-256 against
 * the archive's {@code X-Content-SHA256} and writes it under {@code <data dir>/reports/<date>/}.
 */
final class ReportsStep implements DemoStep {

    /** The generator polls its jobs every second (CLEARHOUSE_REPORTING_GENERATOR_POLL_MS): this is ample. */
    static final Duration REPORTS_TIMEOUT = Duration.ofSeconds(120);
    /** How long the demo waits to show the DRAFT reports before approving (not fatal when they are late). */
    static final Duration DRAFT_TIMEOUT = Duration.ofSeconds(60);
    static final List<String> FORMATS = List.of("CSV", "XLSX", "PDF");
    static final String CONSOLIDATED = "consolidated";
    private static final int LIST_LIMIT = 200;

    @Override
    public String title() {
        return "Finance approves the day; reporting archives the FINAL reports; the demo downloads them";
    }

    @Override
    public boolean run(DemoContext context) throws IOException, InterruptedException {
        GatewayClient gateway = context.gateway();
        Console out = context.out();
        LocalDate day = context.day();

        Set<String> providers = new TreeSet<>();
        int approved = 0;
        GatewayClient.Answer statements = gateway.get("/v1/statements?from=" + day + "&to=" + day + "&limit=1000",
                GatewayClient.Role.FINANCE);
        if (statements.status() != 200 || statements.body() == null) {
            out.line("Statements not readable: HTTP " + statements.status());
            return false;
        }
        Map<String, JsonNode> current = new TreeMap<>();
        for (JsonNode s : statements.body()) {
            if (!"SUPERSEDED".equals(s.get("status").asString())) {
                current.putIfAbsent(s.get("providerId").asString(), s); // newest version first
            }
        }
        providers.addAll(current.keySet());
        if (providers.isEmpty()) {
            out.line("No statement for " + day + ": nothing to report.");
            return false;
        }
        // the statements the close left in DRAFT have DRAFT reports first: wait for them (bounded, not fatal)
        Set<String> stillDraft = new TreeSet<>();
        current.values().stream().filter(s -> "DRAFT".equals(s.get("status").asString()))
                .forEach(s -> stillDraft.add(s.get("providerId").asString()));
        Instant draftsFrom = Instant.now();
        Map<String, JsonNode> drafts = await(gateway, day, "DRAFT", stillDraft, DRAFT_TIMEOUT);
        List<String> draftsMissing = missingOf(drafts, stillDraft);
        out.line(String.format("  reporting archived %d DRAFT reports for %s after the close%s", drafts.size(), day,
                draftsMissing.isEmpty() ? String.format(" (every one of the %d DRAFT statements' three formats, within %.1f s)",
                        stillDraft.size(), Duration.between(draftsFrom, Instant.now()).toMillis() / 1000.0)
                        : "; not yet: " + String.join(", ", draftsMissing)));
        for (JsonNode s : current.values()) {
            if ("DRAFT".equals(s.get("status").asString())) {
                GatewayClient.Answer a = gateway.postJson("/v1/statements/" + s.get("statementId").asString()
                        + "/approve", Map.of("reason", "figures checked"), GatewayClient.Role.FINANCE);
                if (a.status() != 200) {
                    out.line("  approval of " + s.get("statementId").asString() + " refused: HTTP " + a.status() + " "
                            + (a.body() == null ? "" : a.body().path("detail").asString("")));
                    return false;
                }
                approved++;
            }
        }
        out.line("  finance approved the " + approved + " remaining DRAFT statement(s): every provider's day is approved or paid");

        Instant started = Instant.now();
        out.line("Waiting for reporting to archive the FINAL reports (" + providers.size()
                + " providers + consolidated, CSV/XLSX/PDF)...");
        Map<String, JsonNode> reports = await(gateway, day, "FINAL", providers, REPORTS_TIMEOUT);
        List<String> missing = missing(reports, providers);
        if (!missing.isEmpty()) {
            out.line("Reporting did not archive every FINAL report within " + REPORTS_TIMEOUT.toSeconds()
                    + " s; missing: " + String.join(", ", missing)
                    + " (reporting-service log; clearhouse_reporting_generation_failures_total)");
            return false;
        }
        out.line(String.format("All %d FINAL reports archived %.1f s after the approvals.", reports.size(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0));

        Path dir = gateway.dataDir().resolve("reports").resolve(day.toString());
        Files.createDirectories(dir);
        out.line("");
        out.line(String.format("%-16s %-4s %5s %9s  %s", "report", "fmt", "id", "bytes", "sha256"));
        for (Map.Entry<String, JsonNode> e : reports.entrySet()) {
            JsonNode r = e.getValue();
            long id = r.get("id").asLong();
            GatewayClient.Download d = gateway.download("/v1/reports/" + id, GatewayClient.Role.AUDITOR);
            if (d.status() != 200) {
                out.line("Download of report " + id + " refused: HTTP " + d.status() + " "
                        + new String(d.body(), StandardCharsets.UTF_8));
                return false;
            }
            String sha = sha256(d.body());
            String header = d.headers().firstValue("X-Content-SHA256").orElse("");
            String listed = r.get("sha256").asString();
            if (!sha.equals(header) || !sha.equals(listed)) {
                out.line("Report " + id + " does not match its archived SHA-256 (computed " + sha + ", header " + header
                        + ", archive " + listed + "): not written.");
                return false;
            }
            String scope = scopeOf(r);
            String format = r.get("format").asString();
            Files.write(dir.resolve(fileName(day, scope, format)), d.body());
            out.line(String.format("%-16s %-4s %5d %9d  %s", scope, format.toLowerCase(Locale.ROOT), id, d.body().length,
                    sha));
        }
        out.line("");
        out.line("The day's FINAL reports, each checked against its archived SHA-256, are in " + dir.toAbsolutePath());
        out.line("  open e.g. " + dir.resolve(fileName(day, CONSOLIDATED, "XLSX")).toAbsolutePath());
        out.line("  and       " + dir.resolve(fileName(day, CONSOLIDATED, "PDF")).toAbsolutePath());
        out.line("Same from the shell: ./clearhouse report daily --date " + day + " --format pdf -o report.pdf");
        return true;
    }

    /**
     * Polls the archive's reports of the day in a status until the given providers' three formats are
     * there (and, for FINAL, the consolidated ones), or the timeout.
     */
    private static Map<String, JsonNode> await(GatewayClient gateway, LocalDate day, String status,
                                               Set<String> providers, Duration timeout)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            GatewayClient.Answer a = gateway.get("/v1/reports?date=" + day + "&status=" + status + "&limit=" + LIST_LIMIT,
                    GatewayClient.Role.AUDITOR);
            Map<String, JsonNode> latest = a.status() == 200 && a.body() != null ? latestByReport(a.body()) : Map.of();
            List<String> missing = "FINAL".equals(status) ? missing(latest, providers) : missingOf(latest, providers);
            if (missing.isEmpty() || Instant.now().isAfter(deadline)) {
                return latest;
            }
            TimeUnit.MILLISECONDS.sleep(1000);
        }
    }

    /**
     * The newest archived report of each (scope, format) in an archive list (newest first), keyed
     * {@code <provider id or "consolidated">/<FORMAT>}, in key order.
     */
    static Map<String, JsonNode> latestByReport(JsonNode list) {
        Map<String, JsonNode> latest = new TreeMap<>();
        for (JsonNode r : list) {
            latest.putIfAbsent(key(scopeOf(r), r.get("format").asString()), r);
        }
        return latest;
    }

    /** The keys of the reports still missing: each provider's and the consolidated CSV, XLSX and PDF. */
    static List<String> missing(Map<String, JsonNode> reports, Set<String> providers) {
        Set<String> scopes = new TreeSet<>(providers);
        List<String> missing = missingOf(reports, scopes);
        missing.addAll(missingOf(reports, Set.of(CONSOLIDATED)));
        return missing;
    }

    /** The keys of these scopes' CSV, XLSX and PDF not in the reports. */
    static List<String> missingOf(Map<String, JsonNode> reports, Set<String> scopes) {
        List<String> missing = new ArrayList<>();
        for (String scope : new TreeSet<>(scopes)) {
            for (String format : FORMATS) {
                if (!reports.containsKey(key(scope, format))) {
                    missing.add(key(scope, format));
                }
            }
        }
        return missing;
    }

    static String scopeOf(JsonNode report) {
        return "CONSOLIDATED".equals(report.path("scope").asString("")) || report.path("providerId").isNull()
                || report.path("providerId").isMissingNode() ? CONSOLIDATED : report.get("providerId").asString();
    }

    private static String key(String scope, String format) {
        return scope + "/" + format.toUpperCase(Locale.ROOT);
    }

    /**
     * The local file name of a report: made here (never taken from the server) from the date, the scope
     * reduced to {@code [a-z0-9-]} and the format, e.g. {@code daily-settlement-2026-12-01-nova-slots.xlsx}.
     */
    static String fileName(LocalDate day, String scope, String format) {
        String safe = scope.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "_");
        return "daily-settlement-" + day + "-" + safe + "." + format.toLowerCase(Locale.ROOT);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
