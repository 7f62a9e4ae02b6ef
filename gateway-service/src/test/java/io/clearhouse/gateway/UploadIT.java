package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.protect.RequestSignature;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed statement uploads ({@code POST /v1/reconciliation/statements}) are spooled to disk while
 * their signature is checked and forwarded only when it verifies; the test limit is 256 KB.
 */
class UploadIT extends GatewayITBase {

    private static final String PATH = "/v1/reconciliation/statements";

    @BeforeEach
    void clear() {
        FORWARDED.clear();
    }

    private static byte[] statement(int bytes) {
        StringBuilder sb = new StringBuilder("provider_tx_id,amount,currency,occurred_at\n");
        Random random = new Random(bytes);
        for (int i = 0; sb.length() < bytes; i++) {
            sb.append("tx-").append(i).append(',').append(random.nextInt(100_000)).append(".")
                    .append(10 + random.nextInt(90)).append(",EUR,2026-11-24T10:00:00Z\n");
        }
        return sb.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }

    private HttpRequest.Builder upload(IssuedCredentials p, String token, byte[] signed, byte[] sent, boolean chunked) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        return HttpRequest.newBuilder(url(PATH))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .header(RequestSignature.TIMESTAMP_HEADER, ts)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(p.signingSecret(), ts, signed))
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(sent))
                        : HttpRequest.BodyPublishers.ofByteArray(sent));
    }

    /** Spooled files are deleted when the exchange ends (off the event loop: allow it a moment). */
    private static void assertSpoolEmpty() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Stream<java.nio.file.Path> list = Files.list(SPOOL_DIR)) {
                assertThat(list.count()).as("spooled files left in " + SPOOL_DIR).isZero();
            }
        });
    }

    @Test
    void signedUploadIsForwardedByteIdenticalFromTheSpool() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        byte[] body = statement(200 * 1024); // > the 64 KB in-memory body limit of the tests
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> r = send(upload(p, token, body, body, chunked));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Forwarded f = FORWARDED.poll();
            assertThat(f).isNotNull();
            assertThat(f.method()).isEqualTo("POST");
            assertThat(f.uri()).startsWith(PATH);
            assertThat(f.body()).as("chunked=" + chunked).isEqualTo(body);
            assertThat(f.spooledFiles()).as("forwarded from the spool file").isEqualTo(1);
            assertThat(f.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Length"))
                    .map(e -> e.getValue().get(0)).findFirst()).hasValue(Integer.toString(body.length));
            assertSpoolEmpty();
        }
    }

    @Test
    void wronglySignedUploadIsRefusedAndNothingIsForwarded() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        byte[] body = statement(100 * 1024);
        byte[] tampered = body.clone();
        tampered[tampered.length - 3] = '9' == tampered[tampered.length - 3] ? (byte) '8' : (byte) '9';
        for (boolean chunked : new boolean[] {false, true}) {
            assertRefused(send(upload(p, token, body, tampered, chunked)), 401, "signature-invalid");
        }
        assertRefused(send(HttpRequest.newBuilder(url(PATH)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(body))),
                401, "signature-missing");
        assertThat(FORWARDED).isEmpty();
        assertSpoolEmpty();
    }

    @Test
    void uploadOverTheLimitIsRefusedWith413WhetherDeclaredOrStreamed() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        byte[] body = statement(300 * 1024);
        for (boolean chunked : new boolean[] {false, true}) {
            assertRefused(send(upload(p, token, body, body, chunked)), 413, "payload-too-large");
        }
        assertThat(FORWARDED).isEmpty();
        assertSpoolEmpty();
    }
}
