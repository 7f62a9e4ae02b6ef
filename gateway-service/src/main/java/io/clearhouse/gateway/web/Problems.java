package io.clearhouse.gateway.web;

import java.net.URI;

/** Stable problem type URIs of the gateway (RFC 9457). The last path segment is the refusal reason. */
public final class Problems {

    public static final String BASE = "https://clearhouse.io/problems/";
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");
    public static final URI MALFORMED_JSON = URI.create(BASE + "malformed-json");
    public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");
    public static final URI UNAVAILABLE = URI.create(BASE + "temporarily-unavailable");
    /** No bearer token on a route that needs one. */
    public static final URI UNAUTHENTICATED = URI.create(BASE + "unauthenticated");
    /** A bearer token that is expired, signed by an unknown key, for another audience or malformed. */
    public static final URI INVALID_TOKEN = URI.create(BASE + "invalid-token");
    /** The client behind a valid token has been disabled. */
    public static final URI CLIENT_DISABLED = URI.create(BASE + "client-disabled");
    /** The caller's role does not allow this route. */
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    /** A provider named another provider (query parameter) than the one its token is bound to. */
    public static final URI PROVIDER_MISMATCH = URI.create(BASE + "provider-mismatch");
    /** The request comes from an address outside the client's allow-list. */
    public static final URI IP_NOT_ALLOWED = URI.create(BASE + "ip-not-allowed");
    public static final URI SIGNATURE_MISSING = URI.create(BASE + "signature-missing");
    public static final URI SIGNATURE_INVALID = URI.create(BASE + "signature-invalid");
    /** X-Timestamp outside the accepted window: a replayed or badly clocked request. */
    public static final URI SIGNATURE_EXPIRED = URI.create(BASE + "signature-expired");
    public static final URI RATE_LIMITED = URI.create(BASE + "rate-limited");
    /** JSON nested too deep or a string too long. */
    public static final URI REQUEST_LIMITS = URI.create(BASE + "request-limits");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI CONFLICT = URI.create(BASE + "conflict");

    private Problems() {
    }

    /** The stable short name of a problem type: its last path segment, used as a metric tag. */
    public static String reason(URI type) {
        String s = type.toString();
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
