package io.clearhouse.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * HTTP clients and requests for tests that cannot hang: every client has a connect timeout and
 * every request built here a request timeout, so a server that accepts and never answers fails the
 * test with {@link java.net.http.HttpTimeoutException} instead of holding the build until CI's
 * limit. Use {@link #client()} (or {@link #clientBuilder()} to add TLS settings) and
 * {@link #request(URI)}; a request built elsewhere gets its timeout from {@link #withTimeout}.
 */
public final class TestHttp {

    /** Generous for loopback on a loaded 2-core machine; a refused port fails at once anyway. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest a test waits for one answer; an upload or a benchmark may ask for more. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private TestHttp() {
    }

    /** A new client with {@link #CONNECT_TIMEOUT}. */
    public static HttpClient client() {
        return clientBuilder().build();
    }

    /** A client builder with {@link #CONNECT_TIMEOUT} already set. */
    public static HttpClient.Builder clientBuilder() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    }

    /** A request builder with {@link #REQUEST_TIMEOUT}; a later {@code timeout(...)} call replaces it. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    }

    /** The request with {@link #REQUEST_TIMEOUT} unless it already had a timeout of its own. */
    public static HttpRequest withTimeout(HttpRequest request) {
        if (request.timeout().isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).timeout(REQUEST_TIMEOUT).build();
    }
}
