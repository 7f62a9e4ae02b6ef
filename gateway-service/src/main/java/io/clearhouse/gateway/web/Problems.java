package io.clearhouse.gateway.web;

import io.clearhouse.common.problem.ProblemTypes;
import java.net.URI;

/**
 * The problem types the gateway answers with (RFC 9457), taken from the one vocabulary every service
 * shares ({@link ProblemTypes}). The last path segment is the refusal reason.
 */
public final class Problems {

    public static final String BASE = ProblemTypes.BASE;
    public static final URI INVALID_REQUEST = ProblemTypes.INVALID_REQUEST;
    public static final URI MALFORMED_JSON = ProblemTypes.MALFORMED_JSON;
    public static final URI PAYLOAD_TOO_LARGE = ProblemTypes.PAYLOAD_TOO_LARGE;
    public static final URI UNSUPPORTED_MEDIA_TYPE = ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
    public static final URI UNAVAILABLE = ProblemTypes.UNAVAILABLE;
    /** No bearer token on a route that needs one. */
    public static final URI UNAUTHENTICATED = ProblemTypes.UNAUTHENTICATED;
    /** A bearer token that is expired, signed by an unknown key, for another audience or malformed. */
    public static final URI INVALID_TOKEN = ProblemTypes.INVALID_TOKEN;
    /** The client behind a valid token has been disabled. */
    public static final URI CLIENT_DISABLED = ProblemTypes.CLIENT_DISABLED;
    /** The caller's role does not allow this route. */
    public static final URI FORBIDDEN = ProblemTypes.FORBIDDEN;
    /** A provider named another provider (query parameter) than the one its token is bound to. */
    public static final URI PROVIDER_MISMATCH = ProblemTypes.PROVIDER_MISMATCH;
    /** The request comes from an address outside the client's allow-list. */
    public static final URI IP_NOT_ALLOWED = ProblemTypes.IP_NOT_ALLOWED;
    public static final URI SIGNATURE_MISSING = ProblemTypes.SIGNATURE_MISSING;
    public static final URI SIGNATURE_INVALID = ProblemTypes.SIGNATURE_INVALID;
    /** X-Timestamp outside the accepted window: a replayed or badly clocked request. */
    public static final URI SIGNATURE_EXPIRED = ProblemTypes.SIGNATURE_EXPIRED;
    public static final URI RATE_LIMITED = ProblemTypes.RATE_LIMITED;
    /** JSON nested too deep or a string too long. */
    public static final URI REQUEST_LIMITS = ProblemTypes.REQUEST_LIMITS;
    public static final URI NOT_FOUND = ProblemTypes.NOT_FOUND;
    public static final URI CONFLICT = ProblemTypes.CONFLICT;
    public static final URI GATEWAY_TIMEOUT = ProblemTypes.GATEWAY_TIMEOUT;
    public static final URI BAD_GATEWAY = ProblemTypes.BAD_GATEWAY;

    private Problems() {
    }

    /** The stable short name of a problem type: its last path segment, used as a metric tag. */
    public static String reason(URI type) {
        return ProblemTypes.reason(type);
    }
}
