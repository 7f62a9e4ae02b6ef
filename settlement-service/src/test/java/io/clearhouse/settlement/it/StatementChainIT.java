package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Later statements follow earlier ones: closing or re-running a period re-runs the provider's later
 * DRAFTs, is refused while a later one is approved, and approval goes in period order.
 */
class StatementChainIT extends SettlementITBase {

    @Test
    void closingAnEarlierPeriodReRunsTheLaterDraftsAndApprovalGoesInPeriodOrder() throws Exception {
        LocalDate d0 = LocalDate.of(2026, 8, 9);
        LocalDate d1 = d0.plusDays(1);
        LocalDate d2 = d1.plusDays(1);
        String provider = uniqueProvider("chain");
        post("/v1/contracts", workedExampleContract(provider, d0.withDayOfMonth(1)), "carol", "FINANCE");
        publish(List.of(tx(provider, "w1", TransactionType.WIN, GameType.SLOT, 50_000, "USD", d1),
                tx(provider, "b2", TransactionType.BET, GameType.SLOT, 100_000, "USD", d2),
                tx(provider, "b0", TransactionType.BET, GameType.SLOT, 10_000, "USD", d0)));
        await("counted", () -> transactionsCounted(provider, d1) == 1 && transactionsCounted(provider, d2) == 1
                && transactionsCounted(provider, d0) == 1);

        // d2 first: nothing carried in yet → 100.00
        assertThat(close(provider, d2).get("totalPayable").asString()).isEqualTo("100.00");
        // then d1 (−50.00 carried forward): d2 is re-run as v2 with the carry-in, 100.00 − 50.00
        assertThat(close(provider, d1).get("carryOutMinor").asLong()).isEqualTo(-5_000);
        JsonNode d2v2 = get("/v1/statements/" + provider + ":" + d2 + ":v2", "bob", "FINANCE").body();
        assertThat(d2v2.get("status").asString()).isEqualTo("DRAFT");
        assertThat(d2v2.get("document").get("carryForward").get("inMinor").asLong()).isEqualTo(-5_000);
        assertThat(d2v2.get("totalPayable").asString()).isEqualTo("50.00");
        assertThat(get("/v1/statements/" + provider + ":" + d2 + ":v1", "bob", "FINANCE").body().get("status")
                .asString()).isEqualTo("SUPERSEDED");

        // approval in period order
        Answer early = post("/v1/statements/" + provider + ":" + d2 + ":v2/approve", Map.of("reason", "ok"), "bob",
                "FINANCE");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("detail").asString()).contains(provider + ":" + d1 + ":v1");
        assertThat(post("/v1/statements/" + provider + ":" + d1 + ":v1/approve", Map.of("reason", "ok"), "bob",
                "FINANCE").status()).isEqualTo(200);
        assertThat(post("/v1/statements/" + provider + ":" + d2 + ":v2/approve", Map.of("reason", "ok"), "bob",
                "FINANCE").status()).isEqualTo(200);

        // d0 now: the later statements are approved and can no longer follow → 409 naming one, nothing made
        Answer refused = post("/v1/settlements/close", Map.of("businessDate", d0.toString(), "providerId", provider),
                "alice", "FINANCE");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains(provider + ":" + d1 + ":v1").contains("APPROVED");
        assertThat(get("/v1/statements?providerId=" + provider + "&from=" + d0 + "&to=" + d0, "bob", "FINANCE").body())
                .isEmpty();

        // a new contract version may not take effect inside a closed period (d1..d2 are closed)
        Answer inside = post("/v1/contracts", workedExampleContract(provider, d2), "carol", "FINANCE");
        assertThat(inside.status()).isEqualTo(409);
        assertThat(inside.body().get("detail").asString()).contains(d2.toString()).contains("closed");
        assertThat(post("/v1/contracts", workedExampleContract(provider, d2.plusDays(1)), "carol", "FINANCE").status())
                .isEqualTo(201);
    }

    private JsonNode close(String provider, LocalDate d) throws Exception {
        Answer a = post("/v1/settlements/close", Map.of("businessDate", d.toString(), "providerId", provider), "alice",
                "FINANCE");
        assertThat(a.status()).isEqualTo(200);
        return a.body().get("statements").get(0);
    }
}
