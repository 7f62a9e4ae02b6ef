package io.clearhouse.ingest.audit;

import static io.clearhouse.ingest.IngestStack.awaitConsumed;
import static io.clearhouse.ingest.IngestStack.publish;
import static io.clearhouse.ingest.IngestStack.sql;
import static io.clearhouse.ingest.TransactionMother.bet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.hash.MerkleTree;
import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.ingest.Http;
import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class AuditTrailIT extends IngestIntegrationTest {

    @LocalServerPort
    int port;

    private JsonNode verify() throws Exception {
        Http.Answer a = Http.get(port, "/v1/audit/verify", Http.as("GET", "/v1/audit/verify", "auditor-ann", "AUDITOR"));
        assertThat(a.status()).isEqualTo(200);
        return a.body();
    }

    private static void asSuperuserBypassingTriggers(String update, Object... args) throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET session_replication_role = replica");
            }
            try (var ps = c.prepareStatement(update)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
    }

    @Test
    void verifyNamesTheBatchOfARowAlteredInTheDatabaseAndIsIntactOnceItIsRestored() throws Exception {
        String p = "tamper-" + UUID.randomUUID().toString().substring(0, 8);
        publish(List.of(bet(p, "b1", "r1", 100), bet(p, "b2", "r2", 200), bet(p, "b3", "r3", 300)));
        awaitConsumed();
        assertThat(verify().get("intact").asBoolean()).isTrue();
        String batch = sql("SELECT batch_id FROM ingest.transactions WHERE provider_id = ? AND provider_tx_id = 'b2'", p)
                .get(0);

        asSuperuserBypassingTriggers("UPDATE ingest.transactions SET amount_minor = 20000 "
                + "WHERE provider_id = ? AND provider_tx_id = 'b2'", p);
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("intact").asBoolean()).isFalse();
            assertThat(verdict.get("firstBroken").get("entityId").asString()).isEqualTo("batch-" + batch);
            assertThat(verdict.get("firstBroken").get("reason").asString()).contains("Merkle root");
        } finally {
            asSuperuserBypassingTriggers("UPDATE ingest.transactions SET amount_minor = 200 "
                    + "WHERE provider_id = ? AND provider_tx_id = 'b2'", p);
        }
        JsonNode restored = verify();
        assertThat(restored.get("intact").asBoolean()).isTrue();
        assertThat(restored.get("transactionsChecked").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void verifyNamesTheBatchOfARowMovedToAnotherBusinessDate() throws Exception {
        String p = "move-" + UUID.randomUUID().toString().substring(0, 8);
        publish(List.of(bet(p, "b1", "r1", 100), bet(p, "b2", "r2", 200)));
        awaitConsumed();
        String batch = sql("SELECT batch_id FROM ingest.transactions WHERE provider_id = ? AND provider_tx_id = 'b2'", p)
                .get(0);
        assertThat(sql("SELECT after_state FROM ingest.audit_log WHERE entity_id = ?", "batch-" + batch).get(0))
                .contains("\"leafVersion\":2");
        assertThat(verify().get("intact").asBoolean()).isTrue();
        asSuperuserBypassingTriggers("UPDATE ingest.transactions SET business_date = business_date + 1 "
                + "WHERE provider_id = ? AND provider_tx_id = 'b2'", p);
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("intact").asBoolean()).isFalse();
            assertThat(verdict.get("firstBroken").get("entityId").asString()).isEqualTo("batch-" + batch);
            assertThat(verdict.get("firstBroken").get("reason").asString()).contains("Merkle root", "leaf v2");
        } finally {
            asSuperuserBypassingTriggers("UPDATE ingest.transactions SET business_date = business_date - 1 "
                    + "WHERE provider_id = ? AND provider_tx_id = 'b2'", p);
        }
        assertThat(verify().get("intact").asBoolean()).isTrue();
        asSuperuserBypassingTriggers("UPDATE ingest.transactions SET content_hash = repeat('0', 64) "
                + "WHERE provider_id = ? AND provider_tx_id = 'b1'", p);
        String original = sql("SELECT content_hash FROM ingest.transaction_keys WHERE provider_id = ? "
                + "AND provider_tx_id = 'b1'", p).get(0);
        String batchOfB1 = sql("SELECT batch_id FROM ingest.transactions WHERE provider_id = ? "
                + "AND provider_tx_id = 'b1'", p).get(0);
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("firstBroken").get("entityId").asString()).isEqualTo("batch-" + batchOfB1);
            assertThat(verdict.get("firstBroken").get("reason").asString())
                    .contains("content hash of " + p + ":b1");
        } finally {
            asSuperuserBypassingTriggers("UPDATE ingest.transactions SET content_hash = ? "
                    + "WHERE provider_id = ? AND provider_tx_id = 'b1'", original, p);
        }
        assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    @Autowired
    AuditAppender appender;

    @Autowired
    PlatformTransactionManager txManager;

    @Test
    void anEntryWithoutLeafVersionIsVerifiedWithTheVersionOneRule() throws Exception {
        String p = "v1-" + UUID.randomUUID().toString().substring(0, 8);
        publish(List.of(bet(p, "b1", "r1", 100)));
        awaitConsumed();
        long batch = Long.parseLong(sql("SELECT nextval('ingest.ingest_batch_seq')").get(0));
        // a row as a batch audited before leaf versions existed: its leaf is its content hash alone
        sql("""
                INSERT INTO ingest.transactions (transaction_id, provider_id, provider_tx_id, key_player_ref, round_id,
                    player_ref, brand_id, game_id, game_type, type, amount_minor, currency, occurred_at, business_date,
                    ref_tx_id, free_round, campaign_id, jackpot_contribution_minor, content_hash, received_at,
                    recorded_at, request_id, batch_id, batch_pos, source_partition, source_offset)
                SELECT gen_random_uuid(), provider_id, provider_tx_id, 'v1-copy', round_id, player_ref, brand_id, game_id,
                    game_type, type, amount_minor, currency, occurred_at, business_date, ref_tx_id, free_round,
                    campaign_id, jackpot_contribution_minor, content_hash, received_at, recorded_at, request_id, ?, 0,
                    source_partition, source_offset
                FROM ingest.transactions WHERE provider_id = ? AND provider_tx_id = 'b1'""", batch, p);
        String hash = sql("SELECT content_hash FROM ingest.transactions WHERE batch_id = ?", batch).get(0);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("batchId", batch);
        after.put("merkleRoot", MerkleTree.root(List.of(hash)));
        after.put("recorded", 1L);
        new TransactionTemplate(txManager).executeWithoutResult(s -> appender.append(List.of(new AuditRecord(
                "ingest-service", "BATCH_RECORDED", "ingest_batch", "batch-" + batch, null, after, null, null))));
        assertThat(verify().get("intact").asBoolean()).isTrue();
        asSuperuserBypassingTriggers("UPDATE ingest.transactions SET amount_minor = 101 WHERE batch_id = ?", batch);
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("firstBroken").get("entityId").asString()).isEqualTo("batch-" + batch);
            assertThat(verdict.get("firstBroken").get("reason").asString()).contains("leaf v1");
        } finally {
            asSuperuserBypassingTriggers("UPDATE ingest.transactions SET amount_minor = 100 WHERE batch_id = ?", batch);
        }
        assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    @Test
    void anEditedAuditEntryBreaksTheChainAtThatEntry() throws Exception {
        String p = "chain-" + UUID.randomUUID().toString().substring(0, 8);
        publish(List.of(bet(p, "b1", "r1", 100)));
        awaitConsumed();
        String batch = sql("SELECT batch_id FROM ingest.transactions WHERE provider_id = ?", p).get(0);
        String seq = sql("SELECT seq FROM ingest.audit_log WHERE entity_id = ?", "batch-" + batch).get(0);
        String actor = sql("SELECT actor FROM ingest.audit_log WHERE seq = ?", Long.parseLong(seq)).get(0);
        asSuperuserBypassingTriggers("UPDATE ingest.audit_log SET actor = 'mallory' WHERE seq = ?", Long.parseLong(seq));
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("intact").asBoolean()).isFalse();
            assertThat(verdict.get("firstBroken").get("seq").asLong()).isEqualTo(Long.parseLong(seq));
        } finally {
            asSuperuserBypassingTriggers("UPDATE ingest.audit_log SET actor = ? WHERE seq = ?", actor,
                    Long.parseLong(seq));
        }
        assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    @Test
    void theAppRoleCannotUpdateOrDeleteTheAuditLogAndTheTriggerRefusesEvenTheOwner() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        try (Connection app = DriverManager.getConnection(infra.jdbcUrl(), "ingest_app", infra.password("ingest_app"));
             Statement st = app.createStatement()) {
            assertThatThrownBy(() -> st.execute("UPDATE ingest.audit_log SET actor = 'x'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("DELETE FROM ingest.audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("UPDATE ingest.transactions SET amount_minor = 0"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        try (Connection owner = DriverManager.getConnection(infra.jdbcUrl(), "ingest_owner",
                infra.password("ingest_owner"));
             Statement st = owner.createStatement()) {
            assertThatThrownBy(() -> st.execute("UPDATE ingest.audit_log SET actor = 'x'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM ingest.audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("TRUNCATE ingest.audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM ingest.transactions"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }

    @Test
    void aCallerTheGatewayNamedWithoutTheAuditorRoleIsRefused() throws Exception {
        assertThat(Http.get(port, "/v1/audit/verify", Http.as("GET", "/v1/audit/verify", "prov", "PROVIDER")).status())
                .isEqualTo(403);
    }

    @Test
    void forgedIdentityHeadersAreRefusedWith401() throws Exception {
        Http.Answer unsigned = Http.get(port, "/v1/audit/verify", CallerHeaders.ROLES, "AUDITOR");
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.body().get("type").asString()).endsWith("/unauthenticated");
        assertThat(Http.get(port, "/v1/audit/verify", Http.as("GET", "/v1/ingest/summary", "a", "AUDITOR")).status())
                .as("signed for another path").isEqualTo(401);
        String[] signedForProvider = Http.as("GET", "/v1/audit/verify", "a", "PROVIDER");
        for (int i = 0; i < signedForProvider.length; i += 2) {
            if (signedForProvider[i].equals(CallerHeaders.ROLES)) {
                signedForProvider[i + 1] = "AUDITOR";   // the role swapped after signing
            }
        }
        assertThat(Http.get(port, "/v1/audit/verify", signedForProvider).status()).as("another role").isEqualTo(401);
        Http.Answer anonymous = Http.get(port, "/v1/audit/verify");
        assertThat(anonymous.status()).as("no identity: denied by default").isEqualTo(401);
        assertThat(anonymous.body().get("type").asString()).endsWith("/unauthenticated");
    }
}
