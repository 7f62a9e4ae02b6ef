package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.testsupport.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway serves HTTPS from a configured PKCS12 keystore and sends HSTS on HTTPS responses.
 * Its own Spring context: TLS is a server setting, it cannot be switched on for one test only.
 */
class TlsIT extends GatewayITBase {

    private static final String PASSWORD = "changeit-test";

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry r) throws Exception {
        Path dir = Files.createTempDirectory("gateway-tls");
        Path keystore = dir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        r.add("server.ssl.enabled", () -> "true");
        r.add("server.ssl.key-store", () -> keystore.toUri().toString());
        r.add("server.ssl.key-store-password", () -> PASSWORD);
    }

    @Test
    void servesHttpsWithStrictTransportSecurity() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        HttpClient https = TestHttp.clientBuilder().sslContext(trustAll).build();
        HttpResponse<String> r = https.send(TestHttp.request(
                URI.create("https://localhost:" + port + "/.well-known/jwks.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Strict-Transport-Security").orElse("")).contains("max-age=31536000");
    }
}
