package io.clearhouse.ingest.audit;

import static io.clearhouse.ingest.IngestStack.awaitConsumed;
import static io.clearhouse.ingest.IngestStack.publish;
import static io.clearhouse.ingest.IngestStack.sql;
import static io.clearhouse.ingest.TransactionMother.bet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.common.audit.AuditEntry;
import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.audit.InclusionProof;
import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.hash.MerkleTree;
import io.clearhouse.ingest.Http;
import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.ingest.TestAuditKeys;
import io.clearhouse.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit chain anchored outside the database: a day's head signed with a key the database does
 * not hold and published; a history rewritten consistently inside the database (rows, batch root and
 * every later hash recomputed, which the chain check alone accepts) is named by its day; a provider's
 * inclusion proof checks out with the public key alone; the app role cannot touch the trigger.
 */
class AuditAnchoringIT extends IngestIntegrationTest {

    /** Each signing pretends one more day has passed, so every test gets a signed day of its own. */
    private static final AtomicInteger DAYS_PASSED = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    DailyHeadSigner signer;

    @Autowired
    Clock clock;

    @Autowired
    JdbcTemplate jdbc;

    private JsonNode verify() throws Exception {
        Http.Answer a = Http.get(port, "/v1/audit/verify", Http.as("GET", "/v1/audit/verify", "auditor-ann", "AUDITOR"));
        assertThat(a.status()).isEqualTo(200);
        return a.body();
    }

    /**
     * Signs every day up to and including the one now running (as if it had ended), waits until the last
     * head is read back from the topic, and returns the head covering audit entry {@code seq}.
     */
    private AuditHead signAndAwaitPublished(long seq) {
        List<AuditHead> heads = signer.signCompletedDays(clock.instant()
                .plus(Duration.ofDays(DAYS_PASSED.incrementAndGet())).plus(Duration.ofHours(1)));
        assertThat(heads).isNotEmpty();
        AuditHead head = heads.get(heads.size() - 1);
        Awaitility.await("the head of " + head.day() + " read back from the topic").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    JsonNode v = verify();
                    assertThat(v.path("anchoredThrough").asString("")).as(v.toString()).isEqualTo(head.day().toString());
                    assertThat(v.get("intact").asBoolean()).isTrue();
                    assertThat(v.get("anchored").asBoolean()).isTrue();
                });
        return heads.stream().filter(h -> h.firstSeq() <= seq && seq <= h.lastSeq()).findFirst()
                .orElseThrow(() -> new AssertionError("no signed head covers entry " + seq + ": " + heads));
    }

    private static long entryOf(String provider, String providerTxId) {
        String batch = sql("SELECT batch_id FROM ingest.transactions WHERE provider_id = ? AND provider_tx_id = ?",
                provider, providerTxId).get(0);
        return Long.parseLong(sql("SELECT seq FROM ingest.audit_log WHERE entity_id = ?", "batch-" + batch).get(0));
    }

    private record EntryBackup(long seq, String afterState, String prevHash, String hash) {
    }

    @Test
    void aHistoryRewrittenConsistentlyInTheDatabaseIsNamedByItsSignedDay() throws Exception {
        String p = "anchor-" + UUID.randomUUID().toString().substring(0, 8);
        publish(List.of(bet(p, "b1", "r1", 100), bet(p, "b2", "r2", 200), bet(p, "b3", "r3", 300)));
        awaitConsumed();
        long batch = Long.parseLong(sql("SELECT batch_id FROM ingest.transactions WHERE provider_id = ? "
                + "AND provider_tx_id = 'b2'", p).get(0));
        long seq = entryOf(p, "b2");
        AuditHead head = signAndAwaitPublished(seq);

        List<EntryBackup> backup = new ArrayList<>();
        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET session_replication_role = replica");   // what an owner of the schema can do
                st.execute("UPDATE ingest.transactions SET business_date = business_date + 1 WHERE provider_id = '"
                        + p + "' AND provider_tx_id = 'b2'");
            }
            rewriteChainFrom(c, batch, seq, backup);
            c.commit();
        }
        try {
            JsonNode verdict = verify();
            // the chain and the batch roots agree with the rewritten rows: only the signed head shows it
            assertThat(verdict.path("firstBroken").isNull() || verdict.path("firstBroken").isMissingNode())
                    .as(verdict.toString()).isTrue();
            assertThat(verdict.get("intact").asBoolean()).isFalse();
            assertThat(verdict.get("anchored").asBoolean()).isFalse();
            assertThat(verdict.get("mismatchedDays")).anySatisfy(d -> {
                assertThat(d.get("day").asString()).isEqualTo(head.day().toString());
                assertThat(d.get("reason").asString()).contains("rewritten");
            });
        } finally {
            try (Connection c = TestInfrastructure.get().superuserConnection()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("SET session_replication_role = replica");
                    st.execute("UPDATE ingest.transactions SET business_date = business_date - 1 WHERE provider_id = '"
                            + p + "' AND provider_tx_id = 'b2'");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE ingest.audit_log SET after_state = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                    // the hash is unique: restore from the last entry back is not needed, new values never collide
                    for (EntryBackup b : backup) {
                        ps.setString(1, b.afterState());
                        ps.setString(2, b.prevHash());
                        ps.setString(3, b.hash());
                        ps.setLong(4, b.seq());
                        ps.executeUpdate();
                    }
                }
                c.commit();
            }
        }
        JsonNode restored = verify();
        assertThat(restored.get("intact").asBoolean()).as(restored.toString()).isTrue();
        assertThat(restored.get("anchored").asBoolean()).isTrue();
    }

    /** What an attacker holding the owner's password does: new batch root, every later hash recomputed. */
    private void rewriteChainFrom(Connection c, long batch, long fromSeq, List<EntryBackup> backup) throws Exception {
        List<String> leaves = new ArrayList<>();
        JdbcTemplate superuser = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(c,
                true));
        superuser.execute("SET search_path = ingest");
        BatchLeaves.read(superuser, batch, leaf -> leaves.add(leaf.leaf(2)));
        String newRoot = MerkleTree.root(leaves);
        String prevHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM ingest.audit_log WHERE seq = ?")) {
            ps.setLong(1, fromSeq - 1);
            try (ResultSet rs = ps.executeQuery()) {
                prevHash = rs.next() ? rs.getString(1) : AuditEntry.GENESIS;
            }
        }
        List<AuditEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT seq, occurred_at, actor, action, entity_type, entity_id, before_state, after_state, reason,
                       request_id, prev_hash, hash FROM ingest.audit_log WHERE seq >= ? ORDER BY seq""")) {
            ps.setLong(1, fromSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE ingest.audit_log SET after_state = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
            for (AuditEntry e : entries) {
                backup.add(new EntryBackup(e.seq(), e.afterState(), e.prevHash(), e.hash()));
                String after = e.seq() == fromSeq
                        ? e.afterState().replaceFirst("\"merkleRoot\":\"[0-9a-f]{64}\"", "\"merkleRoot\":\"" + newRoot + "\"")
                        : e.afterState();
                String hash = AuditEntry.computeHash(e.seq(), e.occurredAt(), e.actor(), e.action(), e.entityType(),
                        e.entityId(), e.beforeState(), after, e.reason(), e.requestId(), prevHash);
                ps.setString(1, after);
                ps.setString(2, prevHash);
                ps.setString(3, hash);
                ps.setLong(4, e.seq());
                ps.executeUpdate();
                prevHash = hash;
            }
        }
    }

    @Test
    void aProviderGetsAnInclusionProofOfItsOwnTransactionThatChecksOutWithThePublicKeyAlone() throws Exception {
        String p = "proof-" + UUID.randomUUID().toString().substring(0, 8);
        List<io.clearhouse.common.transaction.TransactionReceived> txs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            txs.add(bet(p, "b" + i, "r" + i, 100 + i));
        }
        publish(txs);
        awaitConsumed();
        String txId = sql("SELECT transaction_id FROM ingest.transactions WHERE provider_id = ? AND provider_tx_id = 'b3'",
                p).get(0);
        String path = "/v1/audit/proofs/" + txId;
        Http.Answer notYet = Http.get(port, path, Http.asProvider("GET", path, p));
        assertThat(notYet.status()).as("not in a signed day yet").isEqualTo(409);
        signAndAwaitPublished(entryOf(p, "b3"));

        Http.Answer answer = Http.get(port, path, Http.asProvider("GET", path, p));
        assertThat(answer.status()).isEqualTo(200);
        InclusionProof proof = JSON.treeToValue(answer.body(), InclusionProof.class);
        assertThat(proof.verify(TestAuditKeys.publicKey()).valid()).as(answer.body().toString()).isTrue();
        assertThat(proof.providerTxId()).isEqualTo("b3");
        assertThat(proof.leafText()).contains(txId, p, "b3", "103", "BET");

        // a forged amount, a proof for another leaf, another key: each refused
        String forgedText = proof.leafText().replace("\u001f103\u001f", "\u001f999\u001f");
        InclusionProof forged = new InclusionProof(proof.transactionId(), proof.providerId(), proof.providerTxId(), 2,
                forgedText, Hashing.sha256Hex(forgedText), proof.batchId(), proof.auditSeq(), proof.batchPath(),
                proof.batchRoot(), proof.dayPath(), proof.head());
        assertThat(forged.verify(TestAuditKeys.publicKey()).reason()).contains("batch path");
        assertThat(proof.verify(io.clearhouse.common.audit.AuditSigning.generate().getPublic()).valid()).isFalse();

        assertThat(Http.get(port, path, Http.asProvider("GET", path, "someone-else")).status())
                .as("another provider's transaction is not disclosed").isEqualTo(404);
        assertThat(Http.get(port, path, Http.as("GET", path, "auditor-ann", "AUDITOR")).status()).isEqualTo(200);
        Http.Answer key = Http.get(port, "/v1/audit/public-key", Http.asProvider("GET", "/v1/audit/public-key", p));
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.body().get("keyId").asString()).isEqualTo(proof.head().keyId());
    }

    @Test
    void theAppRoleCanNeitherDropNorDisableTheAuditTriggersNorRewriteAuditRows() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        try (Connection app = DriverManager.getConnection(infra.jdbcUrl(), "ingest_app", infra.password("ingest_app"));
             Statement st = app.createStatement()) {
            for (String ddl : List.of("DROP TRIGGER audit_log_append_only ON ingest.audit_log",
                    "ALTER TABLE ingest.audit_log DISABLE TRIGGER audit_log_append_only",
                    "DROP TRIGGER audit_heads_append_only ON ingest.audit_heads",
                    "DROP FUNCTION ingest.reject_modification() CASCADE",
                    "CREATE TABLE ingest.mallory (x int)",
                    "SET session_replication_role = replica")) {
                assertThatThrownBy(() -> st.execute(ddl)).as(ddl).isInstanceOf(SQLException.class);
            }
            for (String dml : List.of("UPDATE ingest.audit_log SET hash = hash", "UPDATE ingest.audit_heads SET day = day",
                    "DELETE FROM ingest.audit_heads", "TRUNCATE ingest.audit_log")) {
                assertThatThrownBy(() -> st.execute(dml)).as(dml).isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
            }
        }
    }
}
