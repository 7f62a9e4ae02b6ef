package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.testsupport.ServiceTestSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service trusts caller identity headers only with the gateway's signature for exactly this
 * request (method, path, query, body), and only once.
 */
class CallerIdentityIT extends SettlementITBase {

    private static final String PATH = "/v1/statements";

    @Test
    void signedIdentityIsTrusted() throws Exception {
        assertThat(getWithHeaders(PATH, signed("GET", PATH, "auditor-1", "AUDITOR")).status()).isEqualTo(200);
    }

    @Test
    void refusesUnsignedIdentityHeadersWith401() throws Exception {
        Answer a = getWithHeaders(PATH, Map.of(CallerHeaders.ACTOR, "mallory", CallerHeaders.ROLES, "FINANCE"));
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body().get("type").asString()).isEqualTo("https://clearhouse.io/problems/unauthenticated");
        assertThat(a.body().get("detail").asString()).contains(CallerHeaders.IDENTITY);
    }

    @Test
    void refusesASignatureMadeForAnotherPath() throws Exception {
        Map<String, String> h = signed("GET", "/v1/contracts", "auditor-1", "AUDITOR");
        assertThat(getWithHeaders(PATH, h).status()).isEqualTo(401);
    }

    @Test
    void refusesASignatureWhoseRolesWereRaised() throws Exception {
        Map<String, String> h = new LinkedHashMap<>(signed("GET", PATH, "auditor-1", "AUDITOR"));
        h.put(CallerHeaders.ROLES, "FINANCE");
        assertThat(getWithHeaders(PATH, h).status()).isEqualTo(401);
    }

    @Test
    void deniesARequestWithoutIdentityBy401() throws Exception {
        Answer a = getWithHeaders(PATH, Map.of());
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body().get("type").asString()).isEqualTo("https://clearhouse.io/problems/unauthenticated");
    }

    @Test
    void deniesAGatewaySignedRequestWithoutAnActor() throws Exception {
        // the gateway signs what it forwards even without a token; no actor is no caller
        assertThat(getWithHeaders(PATH, ServiceTestSupport.anonymousHeaders("GET", PATH)).status()).isEqualTo(401);
    }

    @Test
    void aReaderRoleIsNeededEvenWithAValidIdentity() throws Exception {
        Answer a = getWithHeaders(PATH, signed("GET", PATH, "pat", "PROVIDER"));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body().get("detail").asString()).contains("FINANCE");
    }

    @Test
    void refusesABodyOtherThanTheOneTheGatewaySignedAndStoresNothing() throws Exception {
        String provider = uniqueProvider("tamper");
        byte[] signedBody = json.writeValueAsBytes(workedExampleContract(provider, java.time.LocalDate.of(2026, 1, 1)));
        byte[] sentBody = new String(signedBody, java.nio.charset.StandardCharsets.UTF_8)
                .replace("0.10", "0.01").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Answer a = sendWithHeaders("POST", "/v1/contracts", sentBody,
                signed("POST", "/v1/contracts", signedBody, "carol", "FINANCE"));
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body().get("type").asString()).isEqualTo("https://clearhouse.io/problems/unauthenticated");
        assertThat(a.body().get("detail").asString()).contains("body");
        assertThat(get("/v1/contracts/" + provider, "carol", "FINANCE").status()).as("no contract stored")
                .isEqualTo(404);
    }

    @Test
    void refusesAQueryOtherThanTheOneTheGatewaySigned() throws Exception {
        Map<String, String> h = signed("GET", PATH + "?status=PAID&limit=5", "auditor-1", "AUDITOR");
        assertThat(getWithHeaders(PATH + "?status=PAID&limit=5", h).status()).isEqualTo(200);
        for (String other : new String[] {"?status=DRAFT&limit=5", "?status=PAID&limit=5&providerId=x", "?status=PAID", ""}) {
            Answer a = getWithHeaders(PATH + other, signed("GET", PATH + "?status=PAID&limit=5", "auditor-1", "AUDITOR"));
            assertThat(a.status()).as(other).isEqualTo(401);
            assertThat(a.body().get("type").asString()).isEqualTo("https://clearhouse.io/problems/unauthenticated");
        }
        // the same query, differently encoded and ordered, is the same request
        assertThat(getWithHeaders(PATH + "?limit=5&status=%50AID",
                signed("GET", PATH + "?status=PAID&limit=5", "auditor-1", "AUDITOR")).status()).isEqualTo(200);
    }

    @Test
    void refusesASignatureReplayedWithinItsWindow() throws Exception {
        Map<String, String> h = signed("GET", PATH, "auditor-1", "AUDITOR");
        assertThat(getWithHeaders(PATH, h).status()).isEqualTo(200);
        Answer replay = getWithHeaders(PATH, h);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body().get("type").asString()).isEqualTo("https://clearhouse.io/problems/unauthenticated");
        assertThat(replay.body().get("detail").asString()).contains("used before");
    }
}
