package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionType;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An APPROVED or PAID statement is final: the database itself (a trigger, which binds the schema's
 * owner and a superuser too) refuses any change of its figures, document or approval and any
 * DELETE, and lets it move only APPROVED → PAID with its payment fields. Approving and paying take
 * two people: the approver cannot record the payment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinalStatementIT extends SettlementITBase {

    @Autowired
    JdbcTemplate jdbc;

    private String provider;
    private String approvedId;
    private String paidId;
    private String draftId;

    @BeforeAll
    void statementsApprovedAndPaid() throws Exception {
        provider = uniqueProvider("final");
        LocalDate d1 = LocalDate.of(2025, 8, 1);
        LocalDate d2 = d1.plusDays(1);
        LocalDate d3 = d1.plusDays(2);
        assertThat(post("/v1/contracts", workedExampleContract(provider, d1), "carol", "FINANCE").status())
                .isEqualTo(201);
        publish(List.of(tx(provider, "b1", TransactionType.BET, GameType.SLOT, 100_000, "USD", d1),
                tx(provider, "b2", TransactionType.BET, GameType.SLOT, 50_000, "USD", d2),
                tx(provider, "b3", TransactionType.BET, GameType.SLOT, 70_000, "USD", d3)));
        await("counted", () -> transactionsCounted(provider, d1) == 1 && transactionsCounted(provider, d2) == 1
                && transactionsCounted(provider, d3) == 1);
        approvedId = closeAsAlice(provider, d1);
        approveAsBob(approvedId);
        paidId = closeAsAlice(provider, d2);
        approveAsBob(paidId);
        assertThat(post("/v1/statements/" + paidId + "/pay", Map.of("paymentReference", "T-9"), "dave", "FINANCE")
                .status()).isEqualTo(200);
        draftId = closeAsAlice(provider, d3);
    }

    @Test
    void theFinanceUserWhoApprovedAStatementCannotAlsoRecordItsPayment() throws Exception {
        Answer self = post("/v1/statements/" + approvedId + "/pay", Map.of("paymentReference", "T-1"), "bob",
                "FINANCE");
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.body().get("type").asString()).endsWith("/four-eyes");
        assertThat(self.body().get("detail").asString()).contains("bob approved").contains("another FINANCE user");
        assertThat(status(approvedId)).isEqualTo("APPROVED");
    }

    @Test
    void thePreparerCannotApproveNamingTheRule() throws Exception {
        Answer self = post("/v1/statements/" + draftId + "/approve", Map.of("reason", "mine"), "alice", "FINANCE");
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.body().get("type").asString()).endsWith("/four-eyes");
        assertThat(self.body().get("detail").asString()).contains("alice prepared");
        assertThat(status(draftId)).isEqualTo("DRAFT");
    }

    @Test
    void theAppRoleCannotChangeTheFiguresDocumentOrApprovalOfAnApprovedStatement() {
        for (String change : List.of("total_payable_minor = total_payable_minor + 1", "document = '{}'",
                "sha256 = repeat('0', 64)", "approved_by = 'mallory'", "status = 'DRAFT'",
                "carry_out_minor = 0, total_payable_minor = 0", "settlement_currency = 'EUR'",
                "paid_by = 'dave'")) {
            assertThatThrownBy(() -> jdbc.update("UPDATE statements SET " + change + " WHERE statement_id = ?",
                    approvedId)).as(change).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("final");
        }
        assertThat(status(approvedId)).isEqualTo("APPROVED");
    }

    @Test
    void aPaidStatementCannotBeChangedAtAllNotEvenItsPayment() {
        for (String change : List.of("payment_reference = 'T-2'", "paid_by = 'eve'", "status = 'APPROVED'",
                "document = document || ' '")) {
            assertThatThrownBy(() -> jdbc.update("UPDATE statements SET " + change + " WHERE statement_id = ?",
                    paidId)).as(change).isInstanceOf(DataAccessException.class).hasMessageContaining("final");
        }
    }

    @Test
    void noOneDeletesAFinalStatementNotEvenASuperuser() throws Exception {
        try (Connection c = infra().superuserConnection(); Statement s = c.createStatement()) {
            for (String id : List.of(approvedId, paidId)) {
                assertThatThrownBy(() -> s.executeUpdate(
                        "DELETE FROM settlement.statements WHERE statement_id = '" + id + "'"))
                        .as(id).hasMessageContaining("final");
                assertThatThrownBy(() -> s.executeUpdate(
                        "UPDATE settlement.statements SET total_payable_minor = 0 WHERE statement_id = '" + id + "'"))
                        .as(id).hasMessageContaining("final");
            }
        }
        assertThat(status(paidId)).isEqualTo("PAID");
    }

    @Test
    void thePaymentOfAnApprovedStatementByAnotherPersonIsStoredAndTheDatabaseRefusesTheApproverAsPayer() {
        assertThatThrownBy(() -> jdbc.update("""
                UPDATE statements SET status = 'PAID', paid_by = approved_by, paid_at = now(), payment_reference = 'X'
                 WHERE statement_id = ?""", approvedId)).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("approved");
        assertThat(status(approvedId)).isEqualTo("APPROVED");
        Map<String, Object> paid = jdbc.queryForMap(
                "SELECT status, paid_by, approved_by, payment_reference FROM statements WHERE statement_id = ?", paidId);
        assertThat(paid).containsEntry("status", "PAID").containsEntry("paid_by", "dave")
                .containsEntry("approved_by", "bob").containsEntry("payment_reference", "T-9");
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM statements WHERE statement_id = ?", String.class, id);
    }

}
