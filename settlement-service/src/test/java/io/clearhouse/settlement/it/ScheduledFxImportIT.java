package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.clearhouse.settlement.fx.EcbImporter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The scheduled ECB import, against files served by a local HTTP server (nothing reaches the internet). */
class ScheduledFxImportIT extends SettlementITBase {

    /** A day no other IT loads rates for. */
    private static final String CSV = """
            Date, USD, JPY, KRW, XYZ, GBP,\s
            03 March 2022, 1.1076, 127.72, 1335.52, 9.99, N/A,\s
            """;
    private static final String CSV_NEXT_DAY = CSV + "04 March 2022, 1.0990, 126.23, 1331.36, 9.99, 0.8284, \n";

    private static HttpServer server;
    private static final AtomicInteger ZIP_REQUESTS = new AtomicInteger();

    @Autowired
    EcbImporter importer;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void serveFiles() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/eurofxref.csv", CSV.getBytes(StandardCharsets.UTF_8), 200);
        serve("/eurofxref-next.csv", CSV_NEXT_DAY.getBytes(StandardCharsets.UTF_8), 200);
        serve("/broken", "oops".getBytes(StandardCharsets.UTF_8), 500);
        serve("/not-ecb.csv", "hello,world\n1,2\n".getBytes(StandardCharsets.UTF_8), 200);
        serve("/huge.csv", new byte[5 * 1024 * 1024], 200);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            zip.putNextEntry(new ZipEntry("eurofxref.csv"));
            zip.write("Date, USD,\n07 March 2022, 1.0892,\n".getBytes(StandardCharsets.UTF_8));
        }
        serve("/eurofxref.zip", zipped.toByteArray(), 200);
        server.start();
    }

    private static void serve(String path, byte[] body, int status) {
        server.createContext(path, exchange -> {
            if (path.endsWith(".zip")) {
                ZIP_REQUESTS.incrementAndGet();
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void importsTheEcbFileAsTheSchedulerWithSourceEcbAndTheSameFileTwiceChangesNothing() throws Exception {
        EcbImporter.Result first = importer.importFrom(url("/eurofxref.csv"));
        assertThat(first.outcome()).isEqualTo(EcbImporter.Outcome.IMPORTED);
        assertThat(first.rates()).isEqualTo(3); // USD, JPY, KRW; XYZ is no currency, N/A skipped
        assertThat(first.changed()).isEqualTo(3);
        JsonNode rates = get("/v1/fx/rates?base=EUR&from=2022-03-03&to=2022-03-03", "bob", "FINANCE").body();
        assertThat(rates).hasSize(3);
        rates.forEach(r -> {
            assertThat(r.get("source").asString()).isEqualTo("ECB");
            assertThat(r.get("loadedBy").asString()).isEqualTo(EcbImporter.ACTOR);
        });
        long audited = loadsAudited();

        EcbImporter.Result again = importer.importFrom(url("/eurofxref.csv"));
        assertThat(again.outcome()).isEqualTo(EcbImporter.Outcome.UNCHANGED);
        assertThat(again.changed()).isZero();
        assertThat(loadsAudited()).isEqualTo(audited);

        // the next day's file repeats the first day: only the new day's rates change anything
        EcbImporter.Result next = importer.importFrom(url("/eurofxref-next.csv"));
        assertThat(next.outcome()).isEqualTo(EcbImporter.Outcome.IMPORTED);
        assertThat(next.changed()).isEqualTo(4);
        assertThat(loadsAudited()).isEqualTo(audited + 1);
    }

    @Test
    void readsTheZippedFileTheEcbAlsoPublishes() {
        EcbImporter.Result r = importer.importFrom(url("/eurofxref.zip"));
        assertThat(r.outcome()).isEqualTo(EcbImporter.Outcome.IMPORTED);
        assertThat(r.rates()).isEqualTo(1);
        assertThat(ZIP_REQUESTS.get()).isEqualTo(1);
    }

    @Test
    void failuresAreCountedByKindAndChangeNothing() {
        double before = failures("http") + failures("invalid") + failures("too_large");
        assertThat(importer.importFrom(url("/broken")).outcome()).isEqualTo(EcbImporter.Outcome.FAILED);
        assertThat(importer.importFrom(url("/not-ecb.csv")).outcome()).isEqualTo(EcbImporter.Outcome.FAILED);
        EcbImporter.Result huge = importer.importFrom(url("/huge.csv"));
        assertThat(huge.outcome()).isEqualTo(EcbImporter.Outcome.FAILED);
        assertThat(huge.error()).contains("larger than");
        assertThat(failures("http")).isGreaterThanOrEqualTo(1);
        assertThat(failures("invalid")).isGreaterThanOrEqualTo(1);
        assertThat(failures("too_large")).isGreaterThanOrEqualTo(1);
        assertThat(failures("http") + failures("invalid") + failures("too_large")).isEqualTo(before + 3);
    }

    private double failures(String reason) {
        Counter c = meters.find("clearhouse.settlement.fx.import.failures").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private long loadsAudited() {
        return jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE action = 'FX_RATES_LOADED' AND actor = ?",
                Long.class, EcbImporter.ACTOR);
    }
}
