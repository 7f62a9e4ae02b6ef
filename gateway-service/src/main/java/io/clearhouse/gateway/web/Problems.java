package io.clearhouse.gateway.web;

import java.net.URI;

/** Stable problem type URIs of the gateway (RFC 9457). */
public final class Problems {

    public static final String BASE = "https://clearhouse.io/problems/";
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");
    public static final URI MALFORMED_JSON = URI.create(BASE + "malformed-json");
    public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");
    public static final URI UNAVAILABLE = URI.create(BASE + "temporarily-unavailable");

    private Problems() {
    }
}
