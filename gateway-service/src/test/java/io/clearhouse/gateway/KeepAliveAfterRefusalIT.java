package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A request refused before its body was read ends its connection, so that a keep-alive client's next
 * request cannot wait on a connection the server stopped reading (reactor/reactor-netty#4361: the
 * hung token request after the failed-login throttle's 429 in {@link TokenEndpointIT}). Spoken over a
 * raw socket so that the test sees exactly what the server does with the connection.
 */
class KeepAliveAfterRefusalIT extends GatewayITBase {

    private static final int READ_TIMEOUT_MS = 10_000;

    /** Status line and headers (lower-cased names) of one response, its body skipped. */
    private record Head(int status, String headers) {
        boolean has(String header, String value) {
            return headers.contains(header.toLowerCase(Locale.ROOT) + ": " + value.toLowerCase(Locale.ROOT));
        }
    }

    private static Head readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            assertThat(b).as("a complete response head").isNotEqualTo(-1);
            head.write(b);
            byte[] h = head.toByteArray();
            if (h.length >= 4 && h[h.length - 4] == '\r' && h[h.length - 3] == '\n' && h[h.length - 2] == '\r'
                    && h[h.length - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int status = Integer.parseInt(text.substring(9, 12));
        int at = text.indexOf("content-length: ");
        assertThat(at).as("a sized response: " + text).isPositive();
        int length = Integer.parseInt(text.substring(at + 16, text.indexOf('\r', at)).trim());
        assertThat(in.readNBytes(length)).hasSize(length);
        return new Head(status, text);
    }

    /**
     * The server ended the connection: an orderly end of stream, or a reset where it closed with part
     * of the refused body still unread in its receive buffer (TCP answers that close with RST). A read
     * timeout (the connection left open) fails.
     */
    private static void assertClosedByServer(Socket socket) throws IOException {
        try {
            assertThat(socket.getInputStream().read()).as("the server ends the connection").isEqualTo(-1);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server left the refused request's connection open", e);
        } catch (java.net.SocketException e) {
            assertThat(e.getMessage()).as("closed by the server").containsIgnoringCase("reset");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    private static void post(OutputStream out, String path, String extraHeaders, byte[] body) throws IOException {
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Test
    void aTransactionBatchRefusedForWantOfATokenClosesItsConnection() throws Exception {
        byte[] body = new byte[20_000];
        Arrays.fill(body, (byte) ' ');
        try (Socket socket = connect()) {
            post(socket.getOutputStream(), "/v1/transactions/batch", "Content-Type: application/json\r\n", body);
            Head refused = readResponse(socket.getInputStream());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.has("connection", "close")).as(refused.headers()).isTrue();
            assertClosedByServer(socket);
        }
    }

    @Test
    void aThrottledTokenRequestClosesItsConnectionAndTheNextRequestIsAnswered() throws Exception {
        IssuedCredentials c = client(Role.FINANCE);
        String address = "203.0.113." + (SEQ.incrementAndGet() % 250 + 1); // TEST-NET-3: no other test throttles these
        String wrong = java.util.Base64.getEncoder().encodeToString((c.clientId() + ":wrong")
                .getBytes(StandardCharsets.UTF_8));
        byte[] form = "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
        String headers = "Authorization: Basic " + wrong + "\r\nX-Forwarded-For: " + address
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\n";
        int status = 0;
        for (int i = 0; i < 50 && status != 429; i++) {
            try (Socket socket = connect()) {
                post(socket.getOutputStream(), "/oauth2/token", headers, form);
                Head answer = readResponse(socket.getInputStream());
                status = answer.status();
                assertThat(status).isIn(401, 429);
                if (status == 429) {
                    assertThat(answer.has("connection", "close")).as(answer.headers()).isTrue();
                    assertClosedByServer(socket);
                }
            }
        }
        assertThat(status).as("throttled after the burst of failures").isEqualTo(429);
        assertThat(tokenRequest(c.clientId(), c.clientSecret()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodilessRefusalKeepsTheConnectionForTheNextRequest() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 2; i++) {
                out.write("GET /v1/audit/access HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Head refused = readResponse(socket.getInputStream());
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.has("connection", "close")).as(refused.headers()).isFalse();
            }
        }
        assertThat(send(HttpRequest.newBuilder(url("/actuator/health")).GET()).statusCode()).isEqualTo(200);
    }

    /**
     * A keep-alive client that sends its next request as soon as it has the previous answer, while the
     * server may still be finishing the previous exchange (access log, metrics): Reactor Netty 1.3.6
     * buffered such a request and could lose the read, leaving the connection silent
     * (reactor/reactor-netty#4347, #4361; seen as token requests hanging after other tests). The
     * gateway runs with {@code reactor.netty.http.server.lastFlushWhenNoRead=true}, which dispatches it.
     */
    @Test
    void backToBackRequestsOnOneKeepAliveConnectionAreAllAnswered() throws Exception {
        String auditor = token(client(io.clearhouse.gateway.auth.Role.AUDITOR));
        byte[] request = ("GET /v1/audit/access?size=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + auditor
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 200; i++) {
                out.write(request);
                out.flush();
                assertThat(readResponse(socket.getInputStream()).status()).as("request %d", i).isEqualTo(200);
            }
        }
    }
}
