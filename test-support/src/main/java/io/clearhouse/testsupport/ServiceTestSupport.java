package io.clearhouse.testsupport;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentity;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a service's Spring test context at the shared {@link TestInfrastructure}. Use from a
 * {@code @DynamicPropertySource} method: {@code ServiceTestSupport.register(registry, "ingest")}.
 * Tests that call a service directly, as the gateway would, sign the caller's identity with
 * {@link #callerHeaders}.
 */
public final class ServiceTestSupport {

    private static final GatewayIdentity IDENTITY = new GatewayIdentity(TestInfrastructure.IDENTITY_SECRET);

    private ServiceTestSupport() {
    }

    public static void register(DynamicPropertyRegistry registry, String service) {
        TestInfrastructure.get().springProperties(service).forEach((k, v) -> registry.add(k, () -> v));
    }

    /**
     * The headers the gateway sets on a request it forwards without a token (no actor, no roles): a
     * valid signature that names nobody, which a service refuses like no identity at all.
     */
    public static Map<String, String> anonymousHeaders(String method, String pathAndQuery) {
        return headers(method, pathAndQuery, new byte[0], null, null, null);
    }

    /**
     * The headers the gateway sets for this caller on this request without a body, signed with the
     * test JVM's identity secret (which {@link #register} gives the service). {@code pathAndQuery} is
     * exactly what the request will carry (the query is signed too); {@code provider} may be null.
     * Each call signs anew (a fresh nonce): a service refuses a signature it has seen before.
     */
    public static Map<String, String> callerHeaders(String method, String pathAndQuery, String actor, String roles,
                                                    String provider) {
        return headers(method, pathAndQuery, new byte[0], actor, roles, provider);
    }

    /** As {@link #callerHeaders(String, String, String, String, String)} for a request with this body. */
    public static Map<String, String> callerHeaders(String method, String pathAndQuery, byte[] body, String actor,
                                                    String roles, String provider) {
        return headers(method, pathAndQuery, body, actor, roles, provider);
    }

    /** As {@link #callerHeaders(String, String, String, String, String)} for a body of this length and SHA-256. */
    public static Map<String, String> callerHeaders(String method, String pathAndQuery, GatewayIdentity.Body body,
                                                    String actor, String roles, String provider) {
        return signed(method, pathAndQuery, body, actor, roles, provider);
    }

    /**
     * A request to the service on {@code port} as the gateway forwards it: {@code method} with {@code body}
     * (null: none) as {@code contentType}, and the caller's identity headers signed for exactly this method,
     * path, query and body (no identity when {@code actor} is null). It has {@link TestHttp#REQUEST_TIMEOUT}.
     * Build requests here rather than signing headers and a body apart: a body signed is a body sent.
     */
    public static HttpRequest.Builder signedRequest(int port, String method, String pathAndQuery, byte[] body,
                                                    String contentType, String actor, String roles,
                                                    String provider) {
        HttpRequest.Builder b = TestHttp.request(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (actor != null) {
            callerHeaders(method, pathAndQuery, body, actor, roles, provider).forEach(b::header);
        }
        return b;
    }

    /** As {@link #signedRequest} with a JSON body. */
    public static HttpRequest.Builder signedJson(int port, String method, String pathAndQuery, byte[] json,
                                                 String actor, String roles, String provider) {
        return signedRequest(port, method, pathAndQuery, json, "application/json", actor, roles, provider);
    }

    /** The length and SHA-256 of a file, read as a stream (for uploads too large to hold). */
    public static GatewayIdentity.Body bodyOf(java.nio.file.Path file) {
        java.security.MessageDigest sha = GatewayIdentity.sha256();
        long length = 0;
        byte[] buffer = new byte[1 << 16];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                length += n;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new GatewayIdentity.Body(length, java.util.HexFormat.of().formatHex(sha.digest()));
    }

    private static Map<String, String> headers(String method, String pathAndQuery, byte[] body, String actor,
                                               String roles, String provider) {
        return signed(method, pathAndQuery, GatewayIdentity.Body.of(body == null ? new byte[0] : body), actor, roles,
                provider);
    }

    private static Map<String, String> signed(String method, String pathAndQuery, GatewayIdentity.Body body,
                                              String actor, String roles, String provider) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : GatewayIdentity.canonicalQuery(pathAndQuery.substring(q + 1));
        String requestId = UUID.randomUUID().toString();
        Map<String, String> h = new LinkedHashMap<>();
        if (actor != null) {
            h.put(CallerHeaders.ACTOR, actor);
        }
        if (roles != null) {
            h.put(CallerHeaders.ROLES, roles);
        }
        if (provider != null) {
            h.put(CallerHeaders.PROVIDER, provider);
        }
        h.put(CallerHeaders.REQUEST_ID, requestId);
        h.put(CallerHeaders.BODY, body.header());
        h.put(CallerHeaders.IDENTITY, IDENTITY.sign(new GatewayIdentity.Claim(method, path, query, body, actor, roles,
                provider, requestId), System.currentTimeMillis() / 1000));
        return h;
    }
}
