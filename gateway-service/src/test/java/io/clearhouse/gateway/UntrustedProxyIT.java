package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.NewClient;
import io.clearhouse.gateway.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code X-Forwarded-For} from a peer that is not a trusted proxy is ignored: the connection's
 * address is the one held to the allow-list. Its own Spring context, because the shared one trusts
 * loopback (where the tests connect from) as a proxy; here only a network the tests never come
 * from is trusted.
 */
@TestPropertySource(properties = "clearhouse.test.trusted-proxies=203.0.113.0/24")
class UntrustedProxyIT extends GatewayITBase {

    @Test
    void forwardedForFromAnUntrustedPeerCannotClaimAnAllowedAddress() throws Exception {
        IssuedCredentials p = client(new NewClient(unique("p-net"), Role.PROVIDER, "acme", List.of("10.0.0.0/8"),
                null, null, "test"));
        long before = publishedCount();
        HttpResponse<String> r = send(signedPost("/v1/transactions/batch", token(p), p.signingSecret(),
                batchBody(1)).header("X-Forwarded-For", "10.1.2.3"));
        assertRefused(r, 403, "ip-not-allowed");
        assertThat(publishedCount()).as("records on provider.transactions.v1").isEqualTo(before);
    }

    @Test
    void forwardedForFromAnUntrustedPeerDoesNotMoveAnAllowedCallerOutOfItsList() throws Exception {
        IssuedCredentials p = client(new NewClient(unique("p-lo"), Role.PROVIDER, "acme",
                List.of("127.0.0.0/8", "::1/128"), null, null, "test"));
        String token = token(p);
        long before = publishedCount();
        HttpResponse<String> r = send(signedPost("/v1/transactions/batch", token, p.signingSecret(), batchBody(1))
                .header("X-Forwarded-For", "192.0.2.7"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(publishedCount()).isEqualTo(before + 1);

        String auditor = token(client(Role.AUDITOR));
        // the record is written when the exchange ends, which may be just after the client has its answer
        HttpResponse<String> log = await().atMost(Duration.ofSeconds(30)).until(() -> {
            accessLog.flush();
            return send(HttpRequest.newBuilder(url("/v1/audit/access?status=202&client=" + p.clientId()))
                    .header("Authorization", "Bearer " + auditor).GET());
        }, answer -> body(answer).get("items").size() >= 1);
        assertThat(body(log).get("items")).hasSize(1);
        assertThat(body(log).get("items").get(0).get("sourceIp").asString()).isIn("127.0.0.1",
                "0:0:0:0:0:0:0:1");
    }
}
