package io.clearhouse.reporting.report;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/reports}: the daily settlement report (per provider or consolidated) in CSV, XLSX or PDF,
 * the archive's list and exact bytes. FINANCE and AUDITOR read everything; a PROVIDER client reads only
 * its own provider's FINAL per-provider reports, and anything else is 404 to it (it learns nothing of
 * what exists).
 */
@RestController
class ReportController {

    static final int PROVIDER_ID_MAX = 128;
    static final int LIST_DEFAULT = 50;
    /** Dates a report can be about: nothing before this, nothing after tomorrow. */
    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    private final DailyReportAssembler assembler;
    private final ReportArchive archive;
    private final java.time.Clock clock;

    ReportController(DailyReportAssembler assembler, ReportArchive archive, java.time.Clock clock) {
        this.assembler = assembler;
        this.archive = archive;
        this.clock = clock;
    }

    /** A summary of an archived report. */
    record ReportView(long id, String scope, String providerId, LocalDate businessDate, ReportStatus status,
                      ReportFormat format, String sha256, int sizeBytes, List<String> statementIds, String fileName,
                      String href) {

        static ReportView of(ReportArchive.Entry e) {
            return new ReportView(e.id(), e.scope(), e.consolidated() ? null : e.providerId(), e.businessDate(),
                    e.status(), e.format(), e.sha256(), e.sizeBytes(),
                    e.statementIds().isEmpty() ? List.of() : List.of(e.statementIds().split(",")), e.fileName(),
                    "/v1/reports/" + e.id());
        }
    }

    @GetMapping("/v1/reports/daily-settlement")
    ResponseEntity<byte[]> daily(@RequestParam(required = false) String date,
                                 @RequestParam(required = false) String provider,
                                 @RequestParam(required = false) String format, HttpServletRequest request) {
        Caller caller = ReportReaders.requireReader(Caller.of(request));
        LocalDate day = date(date, true);
        ReportFormat f = ReportFormat.parse(format);
        if (f == null) {
            throw new Problems.Invalid("format", "is required: csv, xlsx or pdf");
        }
        String p = provider(provider);
        if (ReportReaders.isProviderOnly(caller)) {
            if (p != null && !p.equals(caller.providerId())) {
                throw new Problems.NotFound("no such report");
            }
            p = caller.providerId();
        }
        DailyReport report = assembler.assemble(day, p)
                .orElseThrow(() -> new Problems.NotFound("no statement covers " + day));
        if (ReportReaders.isProviderOnly(caller) && report.status() != ReportStatus.FINAL) {
            throw new Problems.NotFound("no such report");
        }
        // what was delivered for these statements, byte for byte; rendered and archived only the first time
        java.util.Optional<ReportArchive.Entry> delivered = archive.delivered(report, f);
        if (delivered.isPresent()) {
            return download(delivered.get(), archive.content(delivered.get().id()));
        }
        byte[] bytes = ReportRenderer.render(report, f);
        ReportArchive.Archived a = archive.archive(report, f, bytes);
        return download(a.entry(), bytes);
    }

    @GetMapping("/v1/reports")
    List<ReportView> list(@RequestParam(required = false) String date, @RequestParam(required = false) String provider,
                          @RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
                          HttpServletRequest request) {
        Caller caller = ReportReaders.requireReader(Caller.of(request));
        LocalDate day = date(date, false);
        String p = provider(provider);
        ReportStatus s = null;
        if (status != null) {
            try {
                s = ReportStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Problems.Invalid("status", "must be DRAFT or FINAL");
            }
        }
        int n = limit == null ? LIST_DEFAULT : limit;
        if (n < 1 || n > ReportArchive.LIST_MAX) {
            throw new Problems.Invalid("limit", "must be between 1 and " + ReportArchive.LIST_MAX);
        }
        boolean providerOnly = ReportReaders.isProviderOnly(caller);
        if (providerOnly) {
            if (p != null && !p.equals(caller.providerId()) || s == ReportStatus.DRAFT) {
                return List.of();
            }
            p = caller.providerId();
            s = ReportStatus.FINAL;
        }
        return archive.list(day, p, s, providerOnly, n).stream().map(ReportView::of).toList();
    }

    @GetMapping("/v1/reports/{id}")
    ResponseEntity<byte[]> get(@PathVariable long id, HttpServletRequest request) {
        Caller caller = ReportReaders.requireReader(Caller.of(request));
        ReportArchive.Entry e = archive.entry(id).orElseThrow(() -> new Problems.NotFound("no report " + id));
        if (ReportReaders.isProviderOnly(caller) && (e.consolidated() || e.status() != ReportStatus.FINAL
                || !e.providerId().equals(caller.providerId()))) {
            throw new Problems.NotFound("no report " + id);
        }
        return download(e, archive.content(id));
    }

    private static ResponseEntity<byte[]> download(ReportArchive.Entry e, byte[] bytes) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(e.format().mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(e.fileName()).build()
                        .toString())
                .header("X-Content-SHA256", e.sha256())
                .header("X-Report-Id", Long.toString(e.id()))
                .header("X-Report-Status", e.status().name())
                .body(bytes);
    }

    private LocalDate date(String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw new Problems.Invalid("date", "is required (YYYY-MM-DD)");
            }
            return null;
        }
        return ReportDates.parse("date", text, clock);
    }

    private static String provider(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > PROVIDER_ID_MAX) {
            throw new Problems.Invalid("provider", "is longer than " + PROVIDER_ID_MAX + " characters");
        }
        return text.trim();
    }

    /** Bounded business dates. */
    static final class ReportDates {
        private ReportDates() {
        }

        static LocalDate parse(String field, String text, java.time.Clock clock) {
            LocalDate d;
            try {
                d = LocalDate.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new Problems.Invalid(field, "must be a date YYYY-MM-DD");
            }
            LocalDate latest = LocalDate.now(clock).plusDays(1);
            if (d.isBefore(EARLIEST) || d.isAfter(latest)) {
                throw new Problems.Invalid(field, "must be between " + EARLIEST + " and " + latest);
            }
            return d;
        }
    }

}
