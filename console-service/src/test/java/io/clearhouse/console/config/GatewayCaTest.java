package io.clearhouse.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * A gateway serving HTTPS with a self-signed certificate is trusted when CLEARHOUSE_CONSOLE_GATEWAY_CA
 * names that certificate, and refused otherwise. The key pair is made for the test by keytool, in a
 * temporary directory.
 */
class GatewayCaTest {

    @TempDir
    Path dir;

    private HttpsServer server;
    private Path caPem;

    @BeforeEach
    void startHttpsGateway() throws Exception {
        Path keystore = dir.resolve("gateway.p12");
        char[] password = "changeit".toCharArray();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "gateway", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit"))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, password);
        }
        caPem = dir.resolve("gateway-ca.pem");
        Files.writeString(caPem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ks.getCertificate("gateway").getEncoded())
                + "\n-----END CERTIFICATE-----\n");

        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/actuator/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RestClient client(String ca) {
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        return new GatewayClientConfig().gatewayRestClient(
                new ConsoleProperties(url, ca, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    @Test
    void trustsTheGatewaysSelfSignedCertificateWhenNamed() {
        assertThat(client(caPem.toString()).get().uri("/actuator/health").retrieve().body(String.class)).contains("UP");
    }

    @Test
    void refusesItWithoutTheCa() {
        assertThatThrownBy(() -> client("").get().uri("/actuator/health").retrieve().body(String.class))
                .isInstanceOf(ResourceAccessException.class);
    }
}
