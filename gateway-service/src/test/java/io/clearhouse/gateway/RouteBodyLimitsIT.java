package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.gateway.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routed bodies have a small limit (256 KB in the tests; services read JSON bodies whole), except the
 * few routes that take files, which have their own ({@code large-body-paths}, 16 MB for the FX import).
 */
class RouteBodyLimitsIT extends GatewayITBase {

    @BeforeEach
    void clear() {
        FORWARDED.clear();
    }

    private HttpResponse<String> post(String token, String path, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void aJsonApiRefusesABodyOverTheRoutedLimitButAFileRouteTakesIt() throws Exception {
        String finance = token(client(Role.FINANCE));
        byte[] body = new byte[300 * 1024];
        Arrays.fill(body, (byte) 'x');
        assertRefused(post(finance, "/v1/settlements/close", body), 413, "payload-too-large");
        assertThat(FORWARDED).as("nothing reached settlement").isEmpty();

        HttpResponse<String> file = post(finance, "/v1/fx/rates/import?source=ECB", body);
        assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
        assertThat(FORWARDED.poll().body()).hasSize(body.length);
    }
}
