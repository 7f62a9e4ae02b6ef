package io.clearhouse.testsupport;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentity;
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
     * The headers the gateway sets for this caller on this request, signed with the test JVM's
     * identity secret (which {@link #register} gives the service). {@code provider} may be null.
     * {@code path} is the request path without the query string.
     */
    /**
     * The headers the gateway sets on a request it forwards without a token (no actor, no roles): a
     * valid signature that names nobody, which a service refuses like no identity at all.
     */
    public static Map<String, String> anonymousHeaders(String method, String path) {
        String requestId = UUID.randomUUID().toString();
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CallerHeaders.REQUEST_ID, requestId);
        h.put(CallerHeaders.IDENTITY, IDENTITY.sign(new GatewayIdentity.Claim(method, path, null, null, null,
                requestId), System.currentTimeMillis() / 1000));
        return h;
    }

    public static Map<String, String> callerHeaders(String method, String path, String actor, String roles,
                                                    String provider) {
        String requestId = UUID.randomUUID().toString();
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CallerHeaders.ACTOR, actor);
        h.put(CallerHeaders.ROLES, roles);
        if (provider != null) {
            h.put(CallerHeaders.PROVIDER, provider);
        }
        h.put(CallerHeaders.REQUEST_ID, requestId);
        h.put(CallerHeaders.IDENTITY, IDENTITY.sign(new GatewayIdentity.Claim(method, path, actor, roles, provider,
                requestId), System.currentTimeMillis() / 1000));
        return h;
    }
}
