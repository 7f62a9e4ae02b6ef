package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.Secrets;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.StackTls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.net.ssl.SSLContext;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the demo talks to Clearhouse: over HTTP, through the gateway, like any outside client.
 * Every call names the role it acts in; this class turns the role into an API client, a bearer
 * token (OAuth 2.0 client credentials, cached until shortly before it expires) and, for a provider's
 * writes, an HMAC signature. The clients it needs are created on first use through the ADMIN API
 * with the bootstrap ADMIN's credentials from the data directory, and their secrets kept there
 * (owner-only) for later runs. A PROVIDER call acts for the provider named by the path's
 * {@code providerId} query parameter (or by {@link #postBatch}'s argument).
 */
public final class GatewayClient {

    /** The roles of the platform's API clients. */
    /** Who calls; {@code FINANCE_CHECKER} is a second FINANCE user, the checker of maker-checker. */
    public enum Role {
        PROVIDER, OPERATOR, FINANCE, FINANCE_CHECKER, AUDITOR, ADMIN;

        /** The gateway role this demo client is created with. */
        String apiRole() {
            return this == FINANCE_CHECKER ? FINANCE.name() : name();
        }
    }

    private static final Pattern PROVIDER_PARAM = Pattern.compile("[?&]providerId=([a-z0-9][a-z0-9-]{0,62})");
    private static final int MAX_RETRIES = 5;

    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;
    private final Path dataDir;
    private final String clientPrefix;
    private final Map<String, Credentials> credentials = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Credentials(String clientId, String secret, String signingSecret) {
        @Override
        public String toString() {
            return "Credentials[" + clientId + "]";
        }
    }

    private record Token(String value, Instant refreshAt) {
    }

    /** A client of a plain-HTTP gateway whose API clients are named {@code demo-...}. */
    public GatewayClient(String baseUrl, Path dataDir) {
        this(baseUrl, dataDir, "demo-", null);
    }

    /**
     * @param clientPrefix how the API clients this creates are named ({@code demo-}, {@code cli-}), so that
     *                     the gateway's access log and the services' audit trails tell who acted
     * @param trust        the TLS trust for an HTTPS gateway (the embedded stack's own certificate), or null
     */
    public GatewayClient(String baseUrl, Path dataDir, String clientPrefix, SSLContext trust) {
        this.baseUrl = baseUrl;
        this.dataDir = dataDir;
        this.clientPrefix = clientPrefix;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (trust != null) {
            builder.sslContext(trust);
        }
        this.http = builder.build();
    }

    /** The gateway of this stack (HTTPS and its certificate trusted when the stack runs with TLS). */
    public static GatewayClient forStack(StackConfig config, String clientPrefix) {
        return new GatewayClient(config.serviceUrl("gateway"), config.dataDir(), clientPrefix,
                config.tls() ? StackTls.trust(config) : null);
    }

    /** The answer to one call: status and parsed body (null when empty or not JSON). */
    public record Answer(int status, JsonNode body) {
    }

    public JsonMapper json() {
        return json;
    }

    /** Where the gateway answers. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The stack's data directory (its ADMIN credentials, the demo's clients and downloads). */
    public Path dataDir() {
        return dataDir;
    }

    /** A provider pushing a batch of transactions, signed with its signing secret. */
    public Answer postBatch(String providerId, List<Map<String, Object>> transactions)
            throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(transactions);
        return send(() -> HttpRequest.newBuilder(URI.create(baseUrl + "/v1/transactions/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), Role.PROVIDER, providerId, body);
    }

    /** A provider pushing one transaction ({@code POST /v1/transactions}), signed with its signing secret. */
    public Answer postSingle(String providerId, Map<String, Object> transaction) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(transaction);
        return send(() -> HttpRequest.newBuilder(URI.create(baseUrl + "/v1/transactions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), Role.PROVIDER, providerId, body);
    }

    public Answer get(String path, Role role) throws IOException, InterruptedException {
        return send(() -> HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), role, provider(path, role), null);
    }

    /** A binary download: status, raw body (a problem's JSON on refusal) and the response headers. */
    public record Download(int status, byte[] body, java.net.http.HttpHeaders headers) {
    }

    /** GET of a file (a report), its bytes kept exactly as sent. */
    public Download download(String path, Role role) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = exchangeRaw(() -> HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), role,
                provider(path, role), null);
        return new Download(r.statusCode(), r.body(), r.headers());
    }

    public Answer postJson(String path, Object body, Role role) throws IOException, InterruptedException {
        byte[] bytes = json.writeValueAsBytes(body);
        return send(() -> HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), role, provider(path, role), bytes);
    }

    public Answer put(String path, Object body, Role role) throws IOException, InterruptedException {
        byte[] bytes = json.writeValueAsBytes(body);
        return send(() -> HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), role, provider(path, role), bytes);
    }

    /** Uploads a file (a provider statement, a rate file) as the given role. */
    public Answer upload(String path, byte[] content, String contentType, Role role)
            throws IOException, InterruptedException {
        return send(() -> HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)), role, provider(path, role), content);
    }

    /**
     * The headers of a provider's signed write of {@code body} (bearer token, {@code X-Timestamp},
     * {@code X-Signature}), for a load generator that sends its requests itself.
     */
    public Map<String, String> providerWriteHeaders(String providerId, byte[] body)
            throws IOException, InterruptedException {
        String clientKey = clientKey(Role.PROVIDER, providerId);
        String ts = Long.toString(Instant.now().getEpochSecond());
        return Map.of("Authorization", "Bearer " + token(clientKey, Role.PROVIDER, providerId),
                "X-Timestamp", ts,
                "X-Signature", sign(credentials(clientKey, Role.PROVIDER, providerId).signingSecret(), ts, body));
    }

    private static String provider(String path, Role role) {
        if (role != Role.PROVIDER) {
            return null;
        }
        Matcher m = PROVIDER_PARAM.matcher(path);
        if (!m.find()) {
            throw new IllegalArgumentException("a PROVIDER call names its provider: add ?providerId=<id> to " + path);
        }
        return m.group(1);
    }

    private interface RequestFactory {
        HttpRequest.Builder create();
    }

    /**
     * Sends with a bearer token (and a signature for a provider's writes); gets a new token once on 401,
     * and retries a few times after 429 or 503 as the {@code Retry-After} header says.
     */
    private Answer send(RequestFactory factory, Role role, String providerId, byte[] body)
            throws IOException, InterruptedException {
        return answer(exchangeRaw(factory, role, providerId, body));
    }

    private HttpResponse<byte[]> exchangeRaw(RequestFactory factory, Role role, String providerId, byte[] body)
            throws IOException, InterruptedException {
        String clientKey = clientKey(role, providerId);
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder request = factory.create()
                    .header("Authorization", "Bearer " + token(clientKey, role, providerId));
            if (role == Role.PROVIDER && body != null) {
                String ts = Long.toString(Instant.now().getEpochSecond());
                request.header("X-Timestamp", ts)
                        .header("X-Signature", sign(credentials(clientKey, role, providerId).signingSecret(), ts, body));
            }
            HttpResponse<byte[]> raw = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (raw.statusCode() == 401 && attempt == 0) {
                tokens.remove(clientKey);
                continue;
            }
            // 429 and 503 say "retry later" (503: nothing or only duplicates were published); a provider retries
            if ((raw.statusCode() == 429 || raw.statusCode() == 503) && attempt < MAX_RETRIES) {
                long wait = raw.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                Thread.sleep(Math.min(30, Math.max(1, wait)) * 1000);
                continue;
            }
            return raw;
        }
    }

    private Answer exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
        return answer(http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private Answer answer(HttpResponse<byte[]> r) {
        JsonNode body = null;
        if (r.body().length > 0) {
            try {
                body = json.readTree(r.body());
            } catch (RuntimeException notJson) {
                body = null;
            }
        }
        return new Answer(r.statusCode(), body);
    }

    // ---- tokens and clients

    private String clientKey(Role role, String providerId) {
        return switch (role) {
            case ADMIN -> "admin";
            case PROVIDER -> clientPrefix + providerId;
            default -> clientPrefix + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    private synchronized String token(String clientKey, Role role, String providerId)
            throws IOException, InterruptedException {
        Token cached = tokens.get(clientKey);
        if (cached != null && Instant.now().isBefore(cached.refreshAt())) {
            return cached.value();
        }
        Credentials c = credentials(clientKey, role, providerId);
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(c.clientId(), StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(c.secret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Answer a = exchange(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        if (a.status() != 200 || a.body() == null) {
            throw new IOException("no token for client " + c.clientId() + ": HTTP " + a.status() + " "
                    + (a.body() == null ? "" : a.body().path("error").asString()));
        }
        long expiresIn = a.body().path("expires_in").asLong(300);
        Token t = new Token(a.body().get("access_token").asString(),
                Instant.now().plusSeconds(Math.max(10, expiresIn - 60)));
        tokens.put(clientKey, t);
        return t.value();
    }

    private synchronized Credentials credentials(String clientKey, Role role, String providerId)
            throws IOException, InterruptedException {
        Credentials known = credentials.get(clientKey);
        if (known != null) {
            return known;
        }
        Properties admin = Secrets.readIfPresent(dataDir.resolve("admin-client.properties"));
        if (admin.getProperty("client_secret") == null) {
            throw new IOException("no bootstrap ADMIN credentials in " + dataDir.resolve("admin-client.properties")
                    + ": is the gateway started with CLEARHOUSE_DATA_DIR=" + dataDir + "?");
        }
        if (role == Role.ADMIN) {
            Credentials c = new Credentials(admin.getProperty("client_id"), admin.getProperty("client_secret"), null);
            credentials.put(clientKey, c);
            return c;
        }
        Path file = dataDir.resolve("demo-clients.properties");
        Properties saved = Secrets.readIfPresent(file);
        if (saved.getProperty(clientKey + ".secret") != null) {
            Credentials c = new Credentials(clientKey, saved.getProperty(clientKey + ".secret"),
                    saved.getProperty(clientKey + ".signing"));
            credentials.put(clientKey, c);
            return c;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("clientId", clientKey);
        request.put("role", role.apiRole());
        if (providerId != null) {
            request.put("providerId", providerId);
        }
        request.put("reason", "demo-".equals(clientPrefix) ? "demo client" : "client of the ./clearhouse command");
        Answer created = send(() -> HttpRequest.newBuilder(URI.create(baseUrl + "/v1/admin/clients"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request))), Role.ADMIN, null,
                null);
        if (created.status() == 409) {
            // exists from an earlier run whose secrets were lost: issue new ones
            created = send(() -> HttpRequest.newBuilder(URI.create(baseUrl + "/v1/admin/clients/" + clientKey
                    + "/rotate-secret")).POST(HttpRequest.BodyPublishers.noBody()), Role.ADMIN, null, null);
        }
        if (created.status() / 100 != 2 || created.body() == null) {
            throw new IOException("could not create the demo client " + clientKey + ": HTTP " + created.status());
        }
        Credentials c = new Credentials(clientKey, created.body().get("clientSecret").asString(),
                created.body().path("signingSecret").isString() ? created.body().get("signingSecret").asString() : null);
        saved.setProperty(clientKey + ".secret", c.secret());
        if (c.signingSecret() != null) {
            saved.setProperty(clientKey + ".signing", c.signingSecret());
        }
        store(file, saved);
        credentials.put(clientKey, c);
        return c;
    }

    private static void store(Path file, Properties p) throws IOException {
        io.clearhouse.common.io.OwnerOnlyFile.write(file, p, "Clearhouse demo API clients: local only");
    }

    /** Hex HMAC-SHA256 over {@code timestamp + "." + body}, keyed with the UTF-8 bytes of the signing secret. */
    static String sign(String signingSecret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
