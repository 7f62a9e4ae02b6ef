package io.clearhouse.ingest.audit;

import static io.clearhouse.ingest.IngestStack.awaitUntil;
import static io.clearhouse.ingest.IngestStack.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.testsupport.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code audit verify} and the ingest summary read the whole ledger: at most one of each runs at a
 * time (a second is answered 429 problem+json at once, not queued behind the first), and they run on
 * a pool of their own, never on the consumers' connections.
 */
class HeavyReadsIT extends IngestIntegrationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** As the gateway passes an auditor's request on: identity headers signed for this method and path. */
    private CompletableFuture<HttpResponse<String>> get(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout);
        io.clearhouse.testsupport.ServiceTestSupport.callerHeaders("GET", path, "auditor-1", "AUDITOR", null)
                .forEach(b::header);
        return http.sendAsync(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSecondAuditVerifyWhileOneRunsIsRefusedWith429AndTheFirstRunsOnItsOwnPool() throws Exception {
        assertOneAtATime("/v1/audit/verify", "audit_log");
    }

    private void assertOneAtATime(String path, String table) throws Exception {
        CompletableFuture<HttpResponse<String>> first;
        try (Connection blocker = TestInfrastructure.get().superuserConnection()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                // the first request's read waits behind this lock: it is "running" for as long as we hold it
                s.execute("LOCK TABLE ingest." + table + " IN ACCESS EXCLUSIVE MODE");
            }
            first = get(path, Duration.ofSeconds(60));
            awaitUntil(Duration.ofSeconds(30), "the first " + path + " to wait on ingest." + table,
                    () -> !sql("SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'ingest." + table
                            + "'::regclass").isEmpty());
            assertThat(sql("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE NOT l.granted AND l.relation = 'ingest." + table + "'::regclass"))
                    .as("the waiting read runs on its own pool").containsOnly(HeavyReads.APPLICATION_NAME);

            HttpResponse<String> second = get(path, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            blocker.rollback();
        }
        assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // and once it is done, the next one runs
        assertThat(get(path, Duration.ofSeconds(60)).get(70, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
