package io.clearhouse.launcher;

import io.clearhouse.launcher.demo.GatewayClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./clearhouse report daily --date D [--provider P] --format csv|xlsx|pdf -o FILE}: downloads the
 * daily settlement report (one provider's, or consolidated without {@code --provider}) through the
 * gateway as a FINANCE client ({@code cli-finance}, created on first use with the bootstrap ADMIN's
 * credentials, like {@code audit verify}'s auditor), checks the bytes against the {@code X-Content-SHA256}
 * the service archived them with, and writes them to FILE. Exit 0 written, 1 usage, 2 refused or unreachable.
 */
final class ReportCommand {

    private ReportCommand() {
    }

    /** The parsed arguments of {@code report daily}. */
    record Options(LocalDate date, String provider, String format, Path output) {
    }

    static int run(StackConfig config, List<String> args, Console out) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            out.line(e.getMessage());
            out.line("usage: ./clearhouse report daily --date YYYY-MM-DD [--provider P] --format csv|xlsx|pdf -o FILE");
            return 1;
        }
        if (Stack.runningPid(config).isEmpty() || !Health.ready(config, "gateway")) {
            out.line("The gateway is not running at " + config.serviceUrl("gateway")
                    + ": start the stack with ./clearhouse up first (./clearhouse status).");
            return 2;
        }
        String path = "/v1/reports/daily-settlement?date=" + o.date() + "&format=" + o.format()
                + (o.provider() == null ? "" : "&provider=" + URLEncoder.encode(o.provider(), StandardCharsets.UTF_8));
        GatewayClient.Download d = GatewayClient.forStack(config, "cli-").download(path, GatewayClient.Role.FINANCE);
        if (d.status() != 200) {
            out.line("No report: HTTP " + d.status() + " " + new String(d.body(), StandardCharsets.UTF_8));
            return 2;
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(d.body()));
        String expected = d.headers().firstValue("X-Content-SHA256").orElse("");
        if (!sha.equals(expected)) {
            out.line("The download does not match the archived SHA-256 (" + expected + " vs " + sha + "): not written.");
            return 2;
        }
        Path parent = o.output().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(o.output(), d.body());
        out.line(String.format("Wrote %s (%d bytes, %s, report %s)", o.output(), d.body().length,
                d.headers().firstValue("X-Report-Status").orElse("?"), d.headers().firstValue("X-Report-Id").orElse("?")));
        out.line("SHA-256 " + sha + " (as archived; GET /v1/reports/<id> returns these exact bytes)");
        return 0;
    }

    static Options parse(List<String> args) {
        if (args.isEmpty() || !"daily".equals(args.get(0))) {
            throw new IllegalArgumentException("report: only 'daily' is known");
        }
        LocalDate date = null;
        String provider = null;
        String format = null;
        Path output = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args.get(++i);
            switch (a) {
                case "--date" -> {
                    try {
                        date = LocalDate.parse(v);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--date must be YYYY-MM-DD: " + v);
                    }
                }
                case "--provider" -> provider = v;
                case "--format" -> {
                    format = v.toLowerCase(Locale.ROOT);
                    if (!List.of("csv", "xlsx", "pdf").contains(format)) {
                        throw new IllegalArgumentException("--format must be csv, xlsx or pdf: " + v);
                    }
                }
                case "-o", "--output" -> output = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (date == null || format == null || output == null) {
            throw new IllegalArgumentException("--date, --format and -o are required");
        }
        return new Options(date, provider, format, output);
    }
}
