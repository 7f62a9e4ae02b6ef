package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.testsupport.ServiceTestSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service trusts caller identity headers only with the gateway's signature for this method and path. */
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
}
