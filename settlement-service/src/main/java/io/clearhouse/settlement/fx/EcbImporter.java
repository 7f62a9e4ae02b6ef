package io.clearhouse.settlement.fx;

import io.clearhouse.common.hash.Hashing;
import io.clearhouse.settlement.domain.FxRateBook;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fetches the ECB euro reference rates from {@code CLEARHOUSE_SETTLEMENT_FX_IMPORT_URL} on a cron
 * (and once at start), besides finance's manual loads; off when the URL is unset. The answer is the
 * CSV as the ECB publishes it ({@link EcbCsv}), or the ZIP it publishes holding that CSV.
 *
 * <p>Bounded: connect and request timeouts, at most {@code max-bytes} read (a larger answer is
 * refused unread beyond the limit). Idempotent: a file already imported (same SHA-256, kept in
 * {@code fx_imports}) changes nothing and is not audited again; a new file is loaded through
 * {@link FxRateStore} as the actor {@value #ACTOR} with the configured source (ECB), audited as any
 * load, and a rate that arrived retries the closes it blocked. Outcomes are counted in
 * {@code clearhouse_settlement_fx_import_total{outcome=imported|unchanged|failed}}, failures by kind in
 * {@code clearhouse_settlement_fx_import_failures_total{reason}}; the time of the last successful fetch
 * is {@code clearhouse_settlement_fx_import_last_success_seconds}.
 */
@Component
public class EcbImporter {

    public static final String ACTOR = "settlement-fx-import";
    private static final Logger log = LoggerFactory.getLogger(EcbImporter.class);

    private final String url;
    private final String source;
    private final int maxBytes;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final FxRateStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final AtomicLong lastSuccessEpochS = new AtomicLong();

    EcbImporter(@Value("${clearhouse.settlement.fx-import.url:}") String url,
                @Value("${clearhouse.settlement.fx-import.source:ECB}") String source,
                @Value("${clearhouse.settlement.fx-import.max-bytes:4194304}") int maxBytes,
                @Value("${clearhouse.settlement.fx-import.connect-timeout-ms:5000}") long connectTimeoutMs,
                @Value("${clearhouse.settlement.fx-import.request-timeout-ms:30000}") long requestTimeoutMs,
                FxRateStore store, JdbcTemplate jdbc, TransactionTemplate tx, MeterRegistry meters, Clock clock,
                TaskScheduler scheduler) {
        this.url = url == null || url.isBlank() ? null : url.trim();
        this.source = source;
        this.maxBytes = maxBytes;
        this.requestTimeout = Duration.ofMillis(requestTimeoutMs);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectTimeoutMs))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.store = store;
        this.jdbc = jdbc;
        this.tx = tx;
        this.meters = meters;
        this.clock = clock;
        this.scheduler = scheduler;
        Gauge.builder("clearhouse.settlement.fx.import.last.success", lastSuccessEpochS, AtomicLong::get)
                .description("Epoch seconds of the last successful scheduled FX import (0: none since start)")
                .baseUnit("seconds").register(meters);
    }

    /** What one import did. */
    public record Result(Outcome outcome, int rates, int changed, String sha256, String error) {
    }

    public enum Outcome { IMPORTED, UNCHANGED, FAILED }

    @Scheduled(cron = "${clearhouse.settlement.fx-import.cron:0 30 16 * * MON-FRI}", zone = "UTC")
    void scheduled() {
        if (url != null) {
            importFrom(URI.create(url));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        if (url != null) {
            scheduler.schedule(this::scheduled, clock.instant());
        }
    }

    /** Fetches and loads one file; never throws (a failure is counted, logged and returned). */
    public Result importFrom(URI from) {
        Result r;
        try {
            r = fetchAndLoad(from);
        } catch (ImportFailure e) {
            r = new Result(Outcome.FAILED, 0, 0, null, e.getMessage());
            meters.counter("clearhouse.settlement.fx.import.failures", "reason", e.reason).increment();
            log.warn("Scheduled FX import from {} failed ({}): {}", from, e.reason, e.getMessage());
        } catch (RuntimeException e) {
            r = new Result(Outcome.FAILED, 0, 0, null, e.getMessage());
            meters.counter("clearhouse.settlement.fx.import.failures", "reason", "error").increment();
            log.warn("Scheduled FX import from {} failed: {}", from, e.toString());
        }
        meters.counter("clearhouse.settlement.fx.import", "outcome", r.outcome().name().toLowerCase()).increment();
        if (r.outcome() != Outcome.FAILED) {
            lastSuccessEpochS.set(clock.instant().getEpochSecond());
        }
        return r;
    }

    private Result fetchAndLoad(URI from) {
        byte[] body = fetch(from);
        String sha = java.util.HexFormat.of().formatHex(Hashing.sha256(body));
        String csv = new String(unzipIfZip(body), StandardCharsets.UTF_8);
        List<FxRateBook.Rate> rates;
        try {
            rates = EcbCsv.parse(csv, source);
        } catch (RuntimeException e) {
            throw new ImportFailure("invalid", "not an ECB reference-rate CSV: " + e.getMessage());
        }
        if (rates.isEmpty()) {
            throw new ImportFailure("invalid", "the file holds no rates");
        }
        Result r = tx.execute(status -> {
            if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM fx_imports WHERE sha256 = ?)",
                    Boolean.class, sha))) {
                return new Result(Outcome.UNCHANGED, rates.size(), 0, sha, null);
            }
            int changed = store.load(rates, ACTOR, null, "scheduled " + source + " import from " + from
                    + " (sha256 " + sha.substring(0, 12) + ")");
            jdbc.update("""
                    INSERT INTO fx_imports (sha256, source, url, rates, changed, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", sha, source, from.toString(), rates.size(),
                    changed, Timestamp.from(clock.instant()));
            return new Result(Outcome.IMPORTED, rates.size(), changed, sha, null);
        });
        log.info("Scheduled FX import from {}: {} ({} rates, {} changed)", from, r.outcome(), r.rates(), r.changed());
        return r;
    }

    private byte[] fetch(URI from) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(from).timeout(requestTimeout).GET()
                    .header("Accept", "text/csv, application/zip, */*").build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ImportFailure("timeout", "no answer within the timeout: " + e.getMessage());
        } catch (IOException e) {
            throw new ImportFailure("http", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportFailure("error", "interrupted");
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new ImportFailure("http", "HTTP " + response.statusCode());
            }
            return readBounded(in);
        } catch (IOException e) {
            throw new ImportFailure(e instanceof HttpTimeoutException ? "timeout" : "http", e.toString());
        }
    }

    private byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new ImportFailure("too_large", "the answer is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    /** The ECB also publishes its files zipped: the first entry is the CSV. */
    private byte[] unzipIfZip(byte[] body) {
        if (body.length < 4 || body[0] != 'P' || body[1] != 'K' || body[2] != 3 || body[3] != 4) {
            return body;
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null) {
                throw new ImportFailure("invalid", "an empty ZIP");
            }
            return readBounded(zip);
        } catch (IOException e) {
            throw new ImportFailure("invalid", "an unreadable ZIP: " + e.getMessage());
        }
    }

    /** A failure with its metric reason (timeout, http, too_large, invalid, error). */
    private static final class ImportFailure extends RuntimeException {
        private final String reason;

        ImportFailure(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
