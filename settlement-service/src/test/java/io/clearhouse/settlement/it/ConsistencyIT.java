package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.db.DatabaseBootstrap;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The consistency check compares ingest's ledger ({@code ingest.ledger_view}, built here by ingest's
 * own migrations, read from its module) with what settlement counted for a day and names each difference.
 */
class ConsistencyIT extends SettlementITBase {

    @BeforeAll
    static void ingestSchema() {
        String owner = DatabaseBootstrap.ownerRole("ingest");
        Flyway.configure().dataSource(infra().jdbcUrl(), owner, infra().password(owner))
                .schemas("ingest").defaultSchema("ingest").createSchemas(false)
                // settlement's own migrations are also classpath:db/migration: read ingest's from its module
                .locations("classpath:db/common", "filesystem:../ingest-service/src/main/resources/db/migration")
                .placeholders(Map.of("app_role", DatabaseBootstrap.appRole("ingest")))
                .table("flyway_schema_history")
                .load().migrate();
    }

    @Test
    void namesTheTransactionsSettlementMissedCountedExtraOrCountedWithAnotherAmount() throws Exception {
        LocalDate d = LocalDate.of(2026, 8, 3);
        String provider = uniqueProvider("consistency");
        TransactionRecorded same = withUuid(tx(provider, "same", TransactionType.BET, GameType.SLOT, 500, "EUR", d));
        TransactionRecorded differs = withUuid(tx(provider, "differs", TransactionType.WIN, GameType.SLOT, 300, "EUR", d));
        TransactionRecorded missing = withUuid(tx(provider, "missing", TransactionType.BET, GameType.SLOT, 100, "EUR", d));
        TransactionRecorded extra = withUuid(tx(provider, "extra", TransactionType.BET, GameType.SLOT, 700, "EUR", d));
        recordInIngest(List.of(same, differs, missing));
        publish(List.of(same, withAmount(differs, 301), extra));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> transactionsCounted(provider, d) == 3);

        Answer answer = get("/v1/settlements/consistency?businessDate=" + d, "auditor", "AUDITOR");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("consistent").asBoolean()).isFalse();
        List<String> mine = new ArrayList<>();
        for (JsonNode diff : answer.body().get("differences")) {
            if (provider.equals(diff.get("providerId").asString())) {
                mine.add(diff.get("kind").asString() + " " + diff.get("providerTxId").asString());
            }
        }
        assertThat(mine).containsExactlyInAnyOrder("MISSING missing", "EXTRA extra", "AMOUNT_DIFFERS differs");
        assertThat(get("/v1/settlements/consistency?businessDate=" + d, "p", "PROVIDER").status()).isEqualTo(403);
    }

    private static TransactionRecorded withUuid(TransactionRecorded t) {
        return new TransactionRecorded(1, UUID.randomUUID().toString(), t.providerId(), t.providerTxId(), t.roundId(),
                t.playerRef(), t.brandId(), t.gameId(), t.gameType(), t.type(), t.amountMinor(), t.currency(),
                t.occurredAt(), t.businessDate(), t.refTxId(), t.reversesBusinessDate(), t.adjustedType(), t.freeRound(),
                t.campaignId(), t.jackpotContributionMinor(), t.contentHash(), t.recordedAt());
    }

    private static TransactionRecorded withAmount(TransactionRecorded t, long amount) {
        return new TransactionRecorded(1, t.transactionId(), t.providerId(), t.providerTxId(), t.roundId(),
                t.playerRef(), t.brandId(), t.gameId(), t.gameType(), t.type(), amount, t.currency(),
                t.occurredAt(), t.businessDate(), t.refTxId(), t.reversesBusinessDate(), t.adjustedType(), t.freeRound(),
                t.campaignId(), t.jackpotContributionMinor(), t.contentHash(), t.recordedAt());
    }

    /** Writes the transactions into ingest's ledger as a superuser (the test plays ingest). */
    private static void recordInIngest(List<TransactionRecorded> txs) throws Exception {
        try (Connection c = infra().superuserConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ingest.transactions (transaction_id, provider_id, provider_tx_id, key_player_ref, round_id,
                    player_ref, brand_id, game_id, game_type, type, amount_minor, currency, occurred_at, business_date,
                    free_round, content_hash, recorded_at, source_partition, source_offset)
                VALUES (?::uuid, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, now(), 0, ?)""")) {
            long offset = System.nanoTime();
            for (TransactionRecorded t : txs) {
                int i = 1;
                ps.setString(i++, t.transactionId());
                ps.setString(i++, t.providerId());
                ps.setString(i++, t.providerTxId());
                ps.setString(i++, t.roundId());
                ps.setString(i++, t.playerRef());
                ps.setString(i++, t.brandId());
                ps.setString(i++, t.gameId());
                ps.setString(i++, t.gameType().name());
                ps.setString(i++, t.type().name());
                ps.setLong(i++, t.amountMinor());
                ps.setString(i++, t.currency());
                ps.setTimestamp(i++, Timestamp.from(t.occurredAt()));
                ps.setObject(i++, t.businessDate());
                ps.setString(i++, "0".repeat(64));
                ps.setLong(i, offset++);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
