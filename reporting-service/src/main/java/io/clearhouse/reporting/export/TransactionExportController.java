package io.clearhouse.reporting.export;

import io.clearhouse.reporting.report.SpreadsheetText;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** {@code GET /v1/reports/transactions?date=&provider=}: a day's transactions as streamed CSV (FINANCE, AUDITOR). */
@RestController
class TransactionExportController {

    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    private final TransactionExport export;
    private final Clock clock;

    TransactionExportController(TransactionExport export, Clock clock) {
        this.export = export;
        this.clock = clock;
    }

    @GetMapping("/v1/reports/transactions")
    ResponseEntity<StreamingResponseBody> transactions(@RequestParam(required = false) String date,
                                                       @RequestParam(required = false) String provider,
                                                       HttpServletRequest request) {
        Caller.of(request).require(Role.FINANCE, Role.AUDITOR);
        if (date == null || date.isBlank()) {
            throw new Problems.Invalid("date", "is required (YYYY-MM-DD)");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.trim());
        } catch (DateTimeParseException e) {
            throw new Problems.Invalid("date", "must be a date YYYY-MM-DD");
        }
        LocalDate latest = LocalDate.now(clock).plusDays(1);
        if (day.isBefore(EARLIEST) || day.isAfter(latest)) {
            throw new Problems.Invalid("date", "must be between " + EARLIEST + " and " + latest);
        }
        if (provider != null && provider.length() > 128) {
            throw new Problems.Invalid("provider", "is longer than 128 characters");
        }
        String p = provider == null || provider.isBlank() ? null : provider.trim();
        String name = "transactions-" + day + (p == null ? "" : "-" + SpreadsheetText.fileSafe(p)) + ".csv";
        StreamingResponseBody body = out -> export.write(day, p, out);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }
}
