package io.clearhouse.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a service whether it is ready to take traffic. */
final class Health {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Per TLS directory: a client trusting that stack's own certificate. */
    private static final java.util.Map<java.nio.file.Path, HttpClient> HTTPS = new java.util.concurrent.ConcurrentHashMap<>();

    private Health() {
    }

    /** Whether a service of this stack is ready (over HTTPS, trusting the stack's certificate, when it runs TLS). */
    static boolean ready(StackConfig config, String service) {
        HttpClient http = HTTP;
        if (config.tls() && "gateway".equals(service)) {
            http = HTTPS.computeIfAbsent(config.tlsDir(), dir -> HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2)).sslContext(StackTls.trust(config)).build());
        }
        return ready(http, config.serviceBase(service));
    }

    static boolean ready(String baseUrl) {
        return ready(HTTP, baseUrl);
    }

    private static boolean ready(HttpClient http, String baseUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
