package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.audit.AuditSigning;
import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionType;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A statement carries ingest's latest signed audit head up to its period end, as received on
 * {@code audit.heads.v1}: finance's document names the anchor of the ledger it settles, and the
 * signature in it checks out with the public key. (Days in 2099, so no other IT's period sees the head.)
 */
class AuditHeadInStatementIT extends SettlementITBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aClosedDayCarriesTheLatestSignedAuditHeadThroughItsEnd() throws Exception {
        String provider = uniqueProvider("anchored");
        LocalDate day = LocalDate.of(2099, 12, 31);
        assertThat(post("/v1/contracts", workedExampleContract(provider, day.withDayOfMonth(1)), "carol", "FINANCE")
                .status()).isEqualTo(201);
        publish(List.of(tx(provider, "b1", TransactionType.BET, GameType.SLOT, 10_000, "USD", day)));
        KeyPair keys = AuditSigning.generate();
        AuditHead earlier = AuditSigning.sign(new AuditHead(1, day.minusDays(2), 1, 10, Hashing.sha256Hex("c1"),
                Hashing.sha256Hex("m1"), 2, 7, null, null), keys.getPrivate(), AuditSigning.keyId(keys.getPublic()));
        AuditHead latest = AuditSigning.sign(new AuditHead(1, day.minusDays(1), 11, 15, Hashing.sha256Hex("c2"),
                Hashing.sha256Hex("m2"), 1, 3, null, null), keys.getPrivate(), AuditSigning.keyId(keys.getPublic()));
        AuditHead later = AuditSigning.sign(new AuditHead(1, day.plusDays(1), 16, 15, Hashing.sha256Hex("c2"),
                Hashing.sha256Hex(""), 0, 0, null, null), keys.getPrivate(), AuditSigning.keyId(keys.getPublic()));
        for (AuditHead h : List.of(earlier, latest, later, latest)) {   // a repeat, as the outbox may send
            kafka.send(Topics.AUDIT_HEADS, h.day().toString(), h).get(30, TimeUnit.SECONDS);
        }
        await("settlement to keep the three heads", () -> jdbc.queryForObject(
                "SELECT count(*) FROM audit_heads WHERE day BETWEEN ? AND ?", Long.class, day.minusDays(2),
                day.plusDays(1)) == 3);
        await("the day to be counted", () -> transactionsCounted(provider, day) == 1);

        Answer closed = post("/v1/settlements/close", Map.of("businessDate", day.toString(), "providerId", provider),
                "alice", "FINANCE");
        assertThat(closed.status()).isEqualTo(200);
        String id = closed.body().get("statements").get(0).get("statementId").asString();
        JsonNode head = get("/v1/statements/" + id, "bob", "FINANCE").body().get("document").get("auditHead");

        assertThat(head.get("day").asString()).isEqualTo(latest.day().toString());
        AuditHead carried = new AuditHead(1, LocalDate.parse(head.get("day").asString()), head.get("firstSeq").asLong(),
                head.get("lastSeq").asLong(), head.get("chainHash").asString(), head.get("merkleRoot").asString(),
                head.get("batches").asLong(), head.get("transactions").asLong(), head.get("keyId").asString(),
                head.get("signature").asString());
        assertThat(AuditSigning.verify(carried, keys.getPublic())).isTrue();
        assertThat(head.get("algorithm").asString()).isEqualTo("Ed25519");
    }
}
