package io.clearhouse.common.identity;

/**
 * Headers in which the gateway passes the authenticated caller to the services. The gateway
 * removes any of these a client sends, sets its own and signs them ({@link #IDENTITY},
 * {@link GatewayIdentity}); a service trusts them only with a valid signature. Network rules
 * (loopback in the embedded stack, NetworkPolicy in Kubernetes) are a second fence, not the only one.
 */
public final class CallerHeaders {

    /** The client id (or user) that made the call: the "who" of every audit entry. */
    public static final String ACTOR = "X-Clearhouse-Actor";
    /** Comma-separated roles: PROVIDER, OPERATOR, FINANCE, AUDITOR, ADMIN. */
    public static final String ROLES = "X-Clearhouse-Roles";
    /** For PROVIDER callers, the one provider id the caller is bound to. */
    public static final String PROVIDER = "X-Clearhouse-Provider";
    /** The request id the gateway assigned, for correlation in logs and audit entries. */
    public static final String REQUEST_ID = "X-Request-Id";
    /**
     * The gateway's signature over the identity headers, the method, the path, the query and the body,
     * with a nonce: {@link GatewayIdentity}.
     */
    public static final String IDENTITY = "X-Clearhouse-Identity";
    /** The length and SHA-256 of the body the gateway forwards, covered by {@link #IDENTITY}: {@link GatewayIdentity.Body}. */
    public static final String BODY = "X-Clearhouse-Body";

    private CallerHeaders() {
    }
}
