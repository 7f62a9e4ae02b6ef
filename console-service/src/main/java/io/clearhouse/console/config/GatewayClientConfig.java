package io.clearhouse.console.config;

import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The one HTTP client to the gateway: bounded connect and read timeouts, optionally a trusted CA. */
@Configuration(proxyBeanMethods = false)
class GatewayClientConfig {

    /** Today's date on the pages: UTC, the zone of the services' default business dates. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RestClient gatewayRestClient(ConsoleProperties props) {
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(props.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (props.gatewayCa() != null && !props.gatewayCa().isBlank()) {
            String location = props.gatewayCa().contains(":") ? props.gatewayCa() : "file:" + props.gatewayCa();
            SslBundle bundle = SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(location)));
            http.sslContext(bundle.createSslContext());
        }
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http.build());
        factory.setReadTimeout(props.readTimeout());
        return RestClient.builder().baseUrl(props.gatewayUrl()).requestFactory(factory).build();
    }
}
