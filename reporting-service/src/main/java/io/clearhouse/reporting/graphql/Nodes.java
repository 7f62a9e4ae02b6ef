package io.clearhouse.reporting.graphql;

import io.clearhouse.common.money.Currencies;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * The GraphQL types, read from the read models by column name. Money is a decimal string with the
 * currency's exponent; exact statement figures are the stored decimals; dates and instants ISO-8601.
 * Public because GraphQL reads their components reflectively.
 */
public final class Nodes {

    private Nodes() {
    }

    public record Statement(String statementId, String providerId, String periodStart, String periodEnd, int version,
                            String status, String settlementCurrency, String totalPayable, String fees, String topUp,
                            String carryIn, String carryOut, String aggregatorFee, String sha256, String preparedBy,
                            String preparedAt, String approvedBy, String approvedAt, String updatedAt) {

        static Statement read(ResultSet rs, int row) throws SQLException {
            String ccy = rs.getString("settlement_currency");
            return new Statement(rs.getString("statement_id"), rs.getString("provider_id"),
                    rs.getString("period_start"), rs.getString("period_end"), rs.getInt("version"),
                    rs.getString("status"), ccy, money(rs, "total_payable_minor", ccy), money(rs, "fees_minor", ccy),
                    money(rs, "top_up_minor", ccy), money(rs, "carry_in_minor", ccy), money(rs, "carry_out_minor", ccy),
                    money(rs, "aggregator_fee_minor", ccy), rs.getString("sha256"), rs.getString("prepared_by"),
                    instant(rs, "prepared_at"), rs.getString("approved_by"), instant(rs, "approved_at"),
                    instant(rs, "updated_at"));
        }
    }

    public record StatementLine(String statementId, int lineIndex, String kind, String gameType, String currency,
                                String originDate, long betCount, String bets, String wins, String jackpotWins,
                                String freeRoundWins, String ggr, String deductions, String ngr, String baseKind,
                                String base, String fxFrom, String fxTo, String fxRate, String fxSource,
                                String fxRateDate, String baseConverted, String feeExact, String feeMinor) {

        static StatementLine read(ResultSet rs, int row) throws SQLException {
            return new StatementLine(rs.getString("statement_id"), rs.getInt("line_index"), rs.getString("kind"),
                    rs.getString("game_type"), rs.getString("currency"), rs.getString("origin_date"),
                    rs.getLong("bet_count"), exact(rs, "bets"), exact(rs, "wins"), exact(rs, "jackpot_wins"),
                    exact(rs, "free_round_wins"), exact(rs, "ggr"), exact(rs, "deductions"), exact(rs, "ngr"),
                    rs.getString("base_kind"), exact(rs, "base"), rs.getString("fx_from"), rs.getString("fx_to"),
                    exact(rs, "fx_rate"), rs.getString("fx_source"), rs.getString("fx_rate_date"),
                    exact(rs, "base_converted"), exact(rs, "fee_exact"), Long.toString(rs.getLong("fee_minor")));
        }
    }

    public record DailyActivity(String businessDate, String providerId, String brandId, String currency,
                                String gameType, long betCount, String bets, long winCount, String wins,
                                long rollbackCount, String rollbacks, long jackpotWinCount, String jackpotWins,
                                long freeRoundWinCount, String freeRoundWins, long adjustmentCount,
                                String adjustments, String jackpotContributions) {

        static DailyActivity read(ResultSet rs, int row) throws SQLException {
            String ccy = rs.getString("currency");
            return new DailyActivity(rs.getString("business_date"), rs.getString("provider_id"),
                    rs.getString("brand_id"), ccy, rs.getString("game_type"), rs.getLong("bet_count"),
                    money(rs, "bet_minor", ccy), rs.getLong("win_count"), money(rs, "win_minor", ccy),
                    rs.getLong("rollback_count"), money(rs, "rollback_minor", ccy), rs.getLong("jackpot_win_count"),
                    money(rs, "jackpot_win_minor", ccy), rs.getLong("free_round_win_count"),
                    money(rs, "free_round_win_minor", ccy), rs.getLong("adjustment_count"),
                    money(rs, "adjustment_minor", ccy), money(rs, "jackpot_contribution_minor", ccy));
        }
    }

    public record Break(String breakId, String statementId, String runId, String providerId, String providerTxId,
                        String breakClass, String businessDate, String currency, String amount, String status,
                        String resolution, String openedAt, String updatedAt) {

        static Break read(ResultSet rs, int row) throws SQLException {
            String ccy = rs.getString("currency");
            return new Break(rs.getString("break_id"), rs.getString("statement_id"), rs.getString("run_id"),
                    rs.getString("provider_id"), rs.getString("provider_tx_id"), rs.getString("break_class"),
                    rs.getString("business_date"), ccy,
                    ccy == null || rs.getObject("amount_minor") == null ? null : money(rs, "amount_minor", ccy),
                    rs.getString("status"), rs.getString("resolution"), instant(rs, "opened_at"),
                    instant(rs, "updated_at"));
        }
    }

    public record Report(String id, String scope, String providerId, String businessDate, String status,
                         String format, String sha256, int sizeBytes, List<String> statementIds, String generatedAt,
                         String href) {

        static Report read(ResultSet rs, int row) throws SQLException {
            String id = rs.getString("id");
            String provider = rs.getString("provider_id");
            String ids = rs.getString("statement_ids");
            return new Report(id, rs.getString("scope"), provider == null || provider.isEmpty() ? null : provider,
                    rs.getString("business_date"), rs.getString("status"), rs.getString("format"),
                    rs.getString("sha256"), rs.getInt("size_bytes"),
                    ids == null || ids.isEmpty() ? List.of() : List.of(ids.split(",")), instant(rs, "generated_at"),
                    "/v1/reports/" + id);
        }
    }

    /** A recorded transaction of ingest's ledger; the player is only the pseudonymous {@code playerRef}. */
    public record Transaction(String transactionId, String providerId, String providerTxId, String roundId,
                              String playerRef, String brandId, String gameId, String gameType, String type,
                              String amount, String currency, String occurredAt, String businessDate,
                              String refTxId, String adjustedType, boolean freeRound, String jackpotContribution,
                              String contentHash, String recordedAt) {

        static Transaction read(ResultSet rs, int row) throws SQLException {
            String ccy = rs.getString("currency");
            return new Transaction(rs.getString("transaction_id"), rs.getString("provider_id"),
                    rs.getString("provider_tx_id"), rs.getString("round_id"), rs.getString("player_ref"),
                    rs.getString("brand_id"), rs.getString("game_id"), rs.getString("game_type"),
                    rs.getString("type"), money(rs, "amount_minor", ccy), ccy, instant(rs, "occurred_at"),
                    rs.getString("business_date"), rs.getString("ref_tx_id"), rs.getString("adjusted_type"),
                    rs.getBoolean("free_round"),
                    rs.getObject("jackpot_contribution_minor") == null ? null
                            : money(rs, "jackpot_contribution_minor", ccy),
                    rs.getString("content_hash"), instant(rs, "recorded_at"));
        }
    }

    private static String money(ResultSet rs, String column, String currency) throws SQLException {
        // every stored currency was checked against the table by its producer; an unknown one is a defect
        int exponent = Currencies.exponentOf(currency.trim());
        return BigDecimal.valueOf(rs.getLong(column), exponent).toPlainString();
    }

    private static String exact(ResultSet rs, String column) throws SQLException {
        BigDecimal v = rs.getBigDecimal(column);
        return v == null ? null : v.toPlainString();
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant().toString();
    }
}
