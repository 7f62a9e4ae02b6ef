package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Signed ADJUSTMENTs through the real listener move GGR in the period of their own business date. */
class AdjustmentsIT extends SettlementITBase {

    @Test
    void aNegativeAdjustmentIsCountedNotDeadLetteredAndMovesGgrInTheNextDraft() throws Exception {
        LocalDate d1 = LocalDate.of(2026, 9, 14);
        LocalDate d2 = d1.plusDays(1);
        String provider = uniqueProvider("adj");
        post("/v1/contracts", workedExampleContract(provider, d1.withDayOfMonth(1)), "carol", "FINANCE");
        TransactionRecorded bet = tx(provider, "bet-1", TransactionType.BET, GameType.SLOT, 100_000, "USD", d1);
        TransactionRecorded win = tx(provider, "win-1", TransactionType.WIN, GameType.SLOT, 20_000, "USD", d1);
        publish(List.of(bet, win));
        await("day 1 counted", () -> transactionsCounted(provider, d1) == 2);
        JsonNode first = post("/v1/settlements/close", Map.of("businessDate", d1.toString(), "providerId", provider),
                "alice", "FINANCE").body().get("statements").get(0);
        assertThat(first.get("totalPayable").asString()).isEqualTo("80.00");

        // reconciliation accepted the provider's figures on day 2: the stake was 100.00 too high and the
        // payout 50.00 too high; both corrections are dated when accepted, so they land in day 2
        publish(List.of(adjustment(bet, "adj-stake", -10_000, d2), adjustment(win, "adj-payout", -5_000, d2),
                tx(provider, "bet-2", TransactionType.BET, GameType.SLOT, 50_000, "USD", d2)));
        await("day 2 counted, adjustments included", () -> transactionsCounted(provider, d2) == 3);
        JsonNode agg = get("/v1/settlements/aggregates?businessDate=" + d2 + "&providerId=" + provider, "x", "FINANCE")
                .body().get(0);
        assertThat(agg.get("adjustmentCount").asLong()).isEqualTo(2);
        assertThat(agg.get("stakeAdjustmentMinor").asLong()).isEqualTo(-10_000);
        assertThat(agg.get("payoutAdjustmentMinor").asLong()).isEqualTo(-5_000);

        JsonNode second = post("/v1/settlements/close", Map.of("businessDate", d2.toString(), "providerId", provider),
                "alice", "FINANCE").body().get("statements").get(0);
        String id = second.get("statementId").asString();
        JsonNode lines = get("/v1/statements/" + id, "bob", "FINANCE").body().get("document").get("lines");
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.get("kind").asString()).isEqualTo("PERIOD");
        assertThat(line.get("stakeAdjustments").asString()).isEqualTo("-100.00");
        assertThat(line.get("payoutAdjustments").asString()).isEqualTo("-50.00");
        // GGR = 500.00 − 0 − 0 + (−100.00) − (−50.00) = 450.00 → 10 %
        assertThat(line.get("ggr").asString()).isEqualTo("450.00");
        assertThat(second.get("totalPayable").asString()).isEqualTo("45.00");

        JsonNode explain = get("/v1/statements/" + id + "/lines/1/explain", "bob", "FINANCE").body();
        assertThat(explain.get("formula").asString()).contains("+ stake adjustments − payout adjustments");
        JsonNode row = explain.get("aggregates").get(0);
        assertThat(row.get("stake_adjustment_minor").asLong()).isEqualTo(-10_000);
        assertThat(row.get("payout_adjustment_minor").asLong()).isEqualTo(-5_000);
    }

    @Test
    void aProviderWhoseContractCannotPriceAnAdjustmentDoesNotStopTheOthersInAnAllProvidersClose() throws Exception {
        LocalDate d = LocalDate.of(2025, 3, 10);
        String slotsOnly = uniqueProvider("slots-only");
        String fine = uniqueProvider("fine");
        post("/v1/contracts", Map.of("providerId", slotsOnly, "effectiveFrom", "2025-03-01", "reason", "slots only",
                "terms", Map.of("settlementCurrency", "USD", "games", Map.of("SLOT", Map.of("rate", "0.10")))),
                "carol", "FINANCE");
        post("/v1/contracts", workedExampleContract(fine, LocalDate.of(2025, 3, 1)), "carol", "FINANCE");
        TransactionRecorded tableWin = tx(slotsOnly, "t-win", TransactionType.WIN, GameType.TABLE, 1_000, "USD",
                d.minusDays(30));
        publish(List.of(tx(slotsOnly, "s-bet", TransactionType.BET, GameType.SLOT, 10_000, "USD", d),
                adjustment(tableWin, "t-adj", -400, d),
                tx(fine, "f-bet", TransactionType.BET, GameType.SLOT, 10_000, "USD", d)));
        await("both counted", () -> transactionsCounted(slotsOnly, d) == 2 && transactionsCounted(fine, d) == 1);

        Answer all = post("/v1/settlements/close", Map.of("businessDate", d.toString()), "alice", "FINANCE");

        assertThat(all.status()).isEqualTo(422);
        List<String> closed = new ArrayList<>();
        all.body().get("statements").forEach(s -> closed.add(s.get("providerId").asString()));
        // other ITs' providers may be in force on that date too (the ITs share one database)
        assertThat(closed).contains(fine).doesNotContain(slotsOnly);
        List<String> failed = new ArrayList<>();
        all.body().get("failures").forEach(f -> failed.add(f.get("providerId").asString()));
        assertThat(failed).containsExactly(slotsOnly);
        assertThat(all.body().get("failures").get(0).get("error").asString()).contains(slotsOnly).contains("TABLE")
                .contains("contract v1");
        assertThat(get("/v1/statements?providerId=" + slotsOnly, "bob", "FINANCE").body()).isEmpty();
    }
}
