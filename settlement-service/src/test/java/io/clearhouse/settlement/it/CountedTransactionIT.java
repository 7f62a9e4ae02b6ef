package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Settlement's part of a transaction's history ({@code GET /v1/settlements/transactions/{id}}): counted on
 * which dates, late or not, and the statement covering it once the period is closed; a provider reads
 * only its own and only final statements.
 */
class CountedTransactionIT extends SettlementITBase {

    @Test
    void namesTheDatesAndTheStatementThatCountedATransaction() throws Exception {
        LocalDate d = LocalDate.of(2025, 9, 1);
        String provider = uniqueProvider("counted");
        post("/v1/contracts", workedExampleContract(provider, d), "carol", "FINANCE");
        TransactionRecorded bet = tx(provider, "b1", TransactionType.BET, GameType.SLOT, 12_345, "USD", d);
        publish(List.of(bet));
        await("counted", () -> transactionsCounted(provider, d) == 1);
        String path = "/v1/settlements/transactions/" + bet.transactionId();

        Answer before = get(path, "olga", "OPERATOR");
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body().get("providerTxId").asString()).isEqualTo("b1");
        assertThat(before.body().get("originDate").asString()).isEqualTo(d.toString());
        assertThat(before.body().get("postingDate").asString()).isEqualTo(d.toString());
        assertThat(before.body().get("late").asBoolean()).isFalse();
        assertThat(before.body().get("statement").isNull()).as("no close yet").isTrue();

        String statementId = closeAsAlice(provider, d);
        Answer after = get(path, "ann", "AUDITOR");
        assertThat(after.body().get("statement").get("statementId").asString()).isEqualTo(statementId);
        assertThat(after.body().get("statement").get("status").asString()).isEqualTo("DRAFT");

        // the provider itself: its transaction, but a DRAFT statement is not shown to it until approved
        Answer own = get(path, "p-client", "PROVIDER", provider);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().get("statement").isNull()).isTrue();
        approveAsBob(statementId);
        assertThat(get(path, "p-client", "PROVIDER", provider).body().get("statement").get("statementId").asString())
                .isEqualTo(statementId);

        // another provider: exactly like a transaction settlement never counted
        Answer other = get(path, "q-client", "PROVIDER", "someone-else");
        Answer unknown = get("/v1/settlements/transactions/no-such-tx", "olga", "OPERATOR");
        assertThat(other.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(other.body().get("type").asString()).isEqualTo(unknown.body().get("type").asString());

        Answer bad = get("/v1/settlements/transactions/" + "x".repeat(200), "olga", "OPERATOR");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("transactionId");
    }
}
