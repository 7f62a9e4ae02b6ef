package io.clearhouse.console.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway is and how long to wait for it.
 *
 * @param gatewayUrl     the gateway's base URL; the console calls nothing else
 * @param gatewayCa      a PEM certificate to trust when the gateway serves HTTPS with a self-signed one (blank: the JVM's trust store)
 * @param connectTimeout how long to wait for a connection to the gateway
 * @param readTimeout    how long to wait for an answer (reports can take a while to render)
 */
@ConfigurationProperties("clearhouse.console")
public record ConsoleProperties(String gatewayUrl, String gatewayCa, Duration connectTimeout, Duration readTimeout) {

    public ConsoleProperties {
        if (gatewayUrl == null || gatewayUrl.isBlank()) {
            throw new IllegalArgumentException("clearhouse.console.gateway-url is required");
        }
        gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    }
}
