package io.clearhouse.common.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A container healthcheck that needs nothing but the JVM already in the image (the images have no
 * curl, wget or bash): {@code java -cp '/app/libs/*' io.clearhouse.common.health.HealthProbe URL}
 * exits 0 when the URL answers 200 with {@code "status":"UP"} within the timeouts, 1 otherwise.
 * It reads at most {@link #MAX_BODY_BYTES} of the answer and prints nothing on success.
 */
public final class HealthProbe {

    static final int TIMEOUT_MS = 2_000;
    static final int MAX_BODY_BYTES = 64 * 1024;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe http://127.0.0.1:<port>/actuator/health/readiness");
            System.exit(2);
        }
        System.exit(check(args[0]) ? 0 : 1);
    }

    /** True when the URL answers 200 and its body reports {@code "status":"UP"}. */
    static boolean check(String url) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            c.setInstanceFollowRedirects(false);
            int status = c.getResponseCode();
            if (status != 200) {
                System.err.println("health: HTTP " + status);
                return false;
            }
            try (InputStream in = c.getInputStream()) {
                String body = new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
                boolean up = body.replace(" ", "").contains("\"status\":\"UP\"");
                if (!up) {
                    System.err.println("health: not UP");
                }
                return up;
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("health: " + e);
            return false;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
