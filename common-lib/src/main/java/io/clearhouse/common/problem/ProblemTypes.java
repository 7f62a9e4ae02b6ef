package io.clearhouse.common.problem;

import java.net.URI;

/**
 * The one vocabulary of RFC 9457 problem {@code type} URIs every Clearhouse API answers with (the
 * gateway and every service). The last path segment is the stable reason a client may switch on;
 * these URIs never change once published. Plain {@link URI}s, so the WebFlux gateway and the servlet
 * services share them without sharing a web stack.
 */
public final class ProblemTypes {

    public static final String BASE = "https://clearhouse.io/problems/";

    // generic refusals
    /** 400: a field, parameter or body the operation cannot take; {@code errors} names each field. */
    public static final URI INVALID_REQUEST = of("invalid-request");
    /** 400: the body is not JSON at all (the gateway's strict parser). */
    public static final URI MALFORMED_JSON = of("malformed-json");
    /** 401: no valid caller identity (no token at the gateway; no gateway signature at a service). */
    public static final URI UNAUTHENTICATED = of("unauthenticated");
    /** 403: the caller's roles do not allow the operation. */
    public static final URI FORBIDDEN = of("forbidden");
    /** 404: no such resource (or one the caller may not know exists). */
    public static final URI NOT_FOUND = of("not-found");
    /** 405. */
    public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");
    /** 406. */
    public static final URI NOT_ACCEPTABLE = of("not-acceptable");
    /** 409: the request contradicts the current state. */
    public static final URI CONFLICT = of("conflict");
    /** 413. */
    public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");
    /** 415. */
    public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
    /** 422: well-formed, but the data at hand does not allow it. */
    public static final URI UNPROCESSABLE = of("unprocessable");
    /** 429. */
    public static final URI RATE_LIMITED = of("rate-limited");
    /** 503: a dependency is down; the caller may retry later. */
    public static final URI UNAVAILABLE = of("temporarily-unavailable");
    /** 500: a fault of ours; the detail never carries internals. */
    public static final URI INTERNAL_ERROR = of("internal-error");
    /** gateway 504: the service behind the route did not answer within the route's response timeout. */
    public static final URI GATEWAY_TIMEOUT = of("gateway-timeout");
    /** gateway 502: the service behind the route could not be reached. */
    public static final URI BAD_GATEWAY = of("bad-gateway");

    // the gateway's refusals
    /** A bearer token that is expired, signed by an unknown key, for another audience or malformed. */
    public static final URI INVALID_TOKEN = of("invalid-token");
    /** The client behind a valid token has been disabled. */
    public static final URI CLIENT_DISABLED = of("client-disabled");
    /** A provider named another provider than the one its token is bound to. */
    public static final URI PROVIDER_MISMATCH = of("provider-mismatch");
    /** The request comes from an address outside the client's allow-list. */
    public static final URI IP_NOT_ALLOWED = of("ip-not-allowed");
    public static final URI SIGNATURE_MISSING = of("signature-missing");
    public static final URI SIGNATURE_INVALID = of("signature-invalid");
    /** X-Timestamp outside the accepted window: a replayed or badly clocked request. */
    public static final URI SIGNATURE_EXPIRED = of("signature-expired");
    /** JSON nested too deep or a string too long. */
    public static final URI REQUEST_LIMITS = of("request-limits");

    // domain refusals (the service that raises them is named)
    /** settlement 422: a close that lacks an FX rate. */
    public static final URI MISSING_FX_RATE = of("missing-fx-rate");
    /** settlement 422: a close that cannot run with the data at hand (no contract, unpriced game type). */
    public static final URI CANNOT_CLOSE = of("cannot-close");
    /**
     * settlement 403: four eyes (maker-checker) on a statement: its preparer cannot approve it, and its
     * approver cannot record its payment; another FINANCE user must.
     */
    public static final URI FOUR_EYES = of("four-eyes");
    /** reconciliation 422: a statement file refused whole (line errors over the limit, unreadable). */
    public static final URI STATEMENT_REJECTED = of("statement-rejected");
    /** reconciliation 422: a transaction to post breaks the shared transaction rules; nothing is posted. */
    public static final URI INVALID_TRANSACTION = of("invalid-transaction");
    /** reconciliation 503: the run queue is full. */
    public static final URI BUSY = of("busy");

    private ProblemTypes() {
    }

    private static URI of(String slug) {
        return URI.create(BASE + slug);
    }

    /** The generic type of an HTTP status, for refusals raised by the framework (404, 405, 415...). */
    public static URI forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> UNPROCESSABLE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }

    /** The stable short name of a problem type: its last path segment. */
    public static String reason(URI type) {
        String s = type.toString();
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
