package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.testsupport.ServiceTestSupport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A PROVIDER caller reads its own APPROVED and PAID statements and nothing else: another provider's,
 * a DRAFT or a SUPERSEDED statement answers exactly like an id that does not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderStatementAccessIT extends SettlementITBase {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private String mine;
    private String theirs;
    private String approvedId;
    private String paidId;
    private String draftId;
    private String supersededId;
    private String theirApprovedId;

    @BeforeAll
    void twoProvidersWithStatementsInEveryState() throws Exception {
        mine = uniqueProvider("own");
        theirs = uniqueProvider("other");
        LocalDate d1 = LocalDate.of(2025, 7, 1);
        LocalDate d2 = d1.plusDays(1);
        LocalDate d3 = d1.plusDays(2);
        for (String p : List.of(mine, theirs)) {
            post("/v1/contracts", workedExampleContract(p, d1), "carol", "FINANCE");
            publish(List.of(tx(p, "b1", TransactionType.BET, GameType.SLOT, 100_000, "USD", d1),
                    tx(p, "b2", TransactionType.BET, GameType.SLOT, 50_000, "USD", d2),
                    tx(p, "b3", TransactionType.BET, GameType.SLOT, 70_000, "USD", d3)));
        }
        await("counted", () -> transactionsCounted(mine, d3) == 1 && transactionsCounted(theirs, d1) == 1
                && transactionsCounted(mine, d1) == 1 && transactionsCounted(mine, d2) == 1);
        approvedId = closeAsAlice(mine, d1);
        paidId = null;
        approveAsBob(approvedId);
        String second = closeAsAlice(mine, d2);
        approveAsBob(second);
        assertThat(post("/v1/statements/" + second + "/pay", Map.of("paymentReference", "T-1"), "dave", "FINANCE").status())
                .isEqualTo(200);
        paidId = second;
        supersededId = closeAsAlice(mine, d3);
        draftId = closeAsAlice(mine, d3); // re-run: v1 SUPERSEDED, v2 DRAFT
        theirApprovedId = closeAsAlice(theirs, d1);
        approveAsBob(theirApprovedId);
    }

    @Test
    void aProviderListsOnlyItsOwnApprovedAndPaidStatements() throws Exception {
        assertThat(ids(providerGet("/v1/statements"))).containsExactlyInAnyOrder(approvedId, paidId);
        assertThat(ids(providerGet("/v1/statements?status=PAID"))).containsExactly(paidId);
        assertThat(ids(providerGet("/v1/statements?status=DRAFT"))).isEmpty();
        assertThat(ids(providerGet("/v1/statements?providerId=" + theirs))).isEmpty();
        assertThat(ids(providerGet("/v1/statements?providerId=" + mine + "&from=2025-07-02"))).containsExactly(paidId);
    }

    @Test
    void aProviderReadsItsOwnFinalStatementWithLinesAndDocument() throws Exception {
        Reply one = providerGet("/v1/statements/" + approvedId);
        assertThat(one.status()).isEqualTo(200);
        assertThat(json.readTree(one.body()).get("document").get("lines")).hasSize(1);
        Reply document = providerGet("/v1/statements/" + paidId + "/document");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.sha256()).isEqualTo(json.readTree(providerGet("/v1/statements/" + paidId).body())
                .get("sha256").asString());
    }

    @Test
    void anotherProvidersDraftOrSupersededStatementIsNotFoundLikeAnUnknownOne() throws Exception {
        Reply unknown = providerGet("/v1/statements/" + mine + ":2099-01-01:v1");
        assertThat(unknown.status()).isEqualTo(404);
        for (String hidden : List.of(theirApprovedId, draftId, supersededId)) {
            for (String suffix : List.of("", "/document")) {
                Reply r = providerGet("/v1/statements/" + hidden + suffix);
                assertThat(r.status()).as(hidden + suffix).isEqualTo(404);
                assertThat(json.readTree(r.body()).get("type").asString()).isEqualTo(
                        json.readTree(unknown.body()).get("type").asString());
            }
        }
    }

    @Test
    void aProviderNeverWritesNorExplainsAndNeedsItsProviderId() throws Exception {
        assertThat(providerPost("/v1/statements/" + draftId + "/approve").status()).isEqualTo(403);
        assertThat(providerPost("/v1/statements/" + approvedId + "/pay").status()).isEqualTo(403);
        assertThat(providerPost("/v1/settlements/close").status()).isEqualTo(403);
        assertThat(providerGet("/v1/statements/" + approvedId + "/lines/1/explain").status()).isEqualTo(403);
        assertThat(send("GET", "/v1/statements", null).status()).isEqualTo(403); // PROVIDER without a provider id
    }


    private List<String> ids(Reply r) throws Exception {
        assertThat(r.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(r.body()).forEach(s -> ids.add(s.get("statementId").asString()));
        return ids;
    }

    record Reply(int status, String body, String sha256) {
    }

    private Reply providerGet(String path) throws Exception {
        return send("GET", path, mine);
    }

    private Reply providerPost(String path) throws Exception {
        return send("POST", path, mine);
    }

    /** As the gateway forwards a PROVIDER token bound to {@code provider}. */
    private Reply send(String method, String path, String provider) throws Exception {
        byte[] body = "GET".equals(method) ? new byte[0]
                : "{\"reason\":\"mine\",\"paymentReference\":\"x\",\"businessDate\":\"2025-07-01\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ServiceTestSupport.callerHeaders(method, path, body, mine + "-client", "PROVIDER", provider)
                .forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers().firstValue("X-Content-SHA256").orElse(null));
    }
}
