package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.protect.RequestSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A client's statement uploads in flight are bounded before their bodies are read: with two uploads
 * still streaming, a third is refused at once (429, nothing spooled or forwarded), and once they end
 * the client may upload again. The two slow uploads are written by hand over sockets, so that the
 * test decides exactly when their bodies arrive.
 */
class UploadQuotaIT extends GatewayITBase {

    private static final String PATH = "/v1/reconciliation/statements";
    private static final byte[] BODY = "provider_tx_id,amount,currency,occurred_at\ntx-1,1.00,EUR,2026-11-24T10:00:00Z\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int FIRST = 16;

    private static long spooledFiles() throws IOException {
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(SPOOL_DIR)) {
            return files.count();
        }
    }

    /** Sends the headers and the first bytes of a signed upload, and leaves the rest for later. */
    private Socket startUpload(IssuedCredentials p, String token) throws IOException {
        String ts = Long.toString(Instant.now().getEpochSecond());
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: text/csv\r\n" + RequestSignature.TIMESTAMP_HEADER + ": " + ts + "\r\n"
                + RequestSignature.SIGNATURE_HEADER + ": " + RequestSignature.sign(p.signingSecret(), ts, BODY)
                + "\r\nContent-Length: " + BODY.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(BODY, 0, FIRST);
        out.flush();
        return socket;
    }

    /** Sends the rest of the body and returns the response's status code. */
    private static int finishUpload(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(BODY, FIRST, BODY.length - FIRST);
        out.flush();
        String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        return Integer.parseInt(response.substring(9, 12));
    }

    private HttpRequest.Builder upload(IssuedCredentials p, String token) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        return HttpRequest.newBuilder(url(PATH)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .header(RequestSignature.TIMESTAMP_HEADER, ts)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(p.signingSecret(), ts, BODY))
                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY));
    }

    @Test
    void aThirdConcurrentUploadOfOneClientIsRefusedBeforeItsBodyIsRead() throws Exception {
        IssuedCredentials p = provider("quota");
        String token = token(p);
        long spooledBefore = spooledFiles();
        List<Socket> slow = new ArrayList<>();
        try {
            slow.add(startUpload(p, token));
            slow.add(startUpload(p, token));
            await().atMost(Duration.ofSeconds(30)).until(() -> spooledFiles() >= spooledBefore + 2);
            HttpResponse<String> third = send(upload(p, token));
            assertRefused(third, 429, "rate-limited");
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(spooledFiles()).as("the refused upload spooled nothing").isEqualTo(spooledBefore + 2);
            for (Socket s : slow) {
                assertThat(finishUpload(s)).isEqualTo(200);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(send(upload(p, token)).statusCode())
                .as("uploads again once the others ended").isEqualTo(200));
    }
}
