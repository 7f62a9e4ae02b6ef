package io.clearhouse.common.identity;

/**
 * Headers in which the gateway passes the authenticated caller to the services. The gateway
 * removes any of these a client sends and sets its own; services are reachable only from the
 * gateway (loopback in the embedded stack, NetworkPolicy in Kubernetes), so they trust them.
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

    private CallerHeaders() {
    }
}
