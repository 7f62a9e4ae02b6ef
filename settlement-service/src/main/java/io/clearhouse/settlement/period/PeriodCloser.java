package io.clearhouse.settlement.period;

import io.clearhouse.settlement.audit.AuditHeadStore;
import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.settlement.aggregate.AggregateSql;
import io.clearhouse.settlement.contract.ContractStore;
import io.clearhouse.settlement.contract.ContractVersion;
import io.clearhouse.settlement.domain.AggregateLine;
import io.clearhouse.settlement.domain.ContractTerms;
import io.clearhouse.settlement.domain.ContractViolation;
import io.clearhouse.settlement.domain.FxRateBook;
import io.clearhouse.settlement.domain.Statement;
import io.clearhouse.settlement.domain.StatementCalculator;
import io.clearhouse.settlement.domain.StatementInput;
import io.clearhouse.settlement.domain.Terms;
import io.clearhouse.settlement.fx.FxRateStore;
import io.clearhouse.settlement.statement.StatementRecord;
import io.clearhouse.settlement.statement.StatementStatus;
import io.clearhouse.settlement.statement.StatementStore;
import io.clearhouse.support.problem.Problems;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Closes a provider's period into a DRAFT statement, in one database transaction: marks the period
 * closed (later transactions for it become adjustments of the next open period), reads its
 * aggregates (already summed while consuming: the close never scans transactions), prices them
 * under the contract version in force, and stores the statement with its SHA-256. Closing a period
 * whose latest statement is still DRAFT re-runs it as a new version; an APPROVED or PAID statement
 * is never touched.
 *
 * <p>Later statements depend on earlier ones (carry-forward in, month-to-date tier volume, the
 * month's fees for the minimum guarantee). So closing or re-running a period also re-runs every
 * later DRAFT statement of the provider, oldest first, in the same transaction; and it is refused
 * (409, naming it) when a later statement is already APPROVED or PAID, because that one can no
 * longer follow. ({@code StatementLifecycle} keeps the chain in order from the other side: a
 * statement is approved only after the one before it.)
 */
@Component
public class PeriodCloser {

    private final JdbcTemplate jdbc;
    private final ContractStore contracts;
    private final FxRateStore fx;
    private final StatementStore statements;
    private final JsonMapper json;
    private final AuditHeadStore auditHeads;

    PeriodCloser(JdbcTemplate jdbc, ContractStore contracts, FxRateStore fx, StatementStore statements, JsonMapper json,
                 AuditHeadStore auditHeads) {
        this.auditHeads = auditHeads;
        this.jdbc = jdbc;
        this.contracts = contracts;
        this.fx = fx;
        this.statements = statements;
        this.json = json;
    }

    /** The period of a contract that holds a business date. */
    public static LocalDate[] period(ContractTerms terms, LocalDate date) {
        if (terms.period() == Terms.Period.MONTHLY) {
            YearMonth m = YearMonth.from(date);
            return new LocalDate[] {m.atDay(1), m.atEndOfMonth()};
        }
        return new LocalDate[] {date, date};
    }

    /** Later statements re-run by one close, at most: beyond that the close is refused. */
    static final int LATER_RERUNS_MAX = 400;

    @Transactional
    public StatementRecord close(String providerId, LocalDate businessDate, String actor, String reason, String requestId) {
        jdbc.queryForList(AggregateSql.CLOSE_LOCK);
        StatementRecord created = closeOne(providerId, businessDate, actor, reason, requestId);
        List<StatementRecord> later = statements.latestAfter(providerId, created.periodEnd(), LATER_RERUNS_MAX + 1);
        if (later.size() > LATER_RERUNS_MAX) {
            throw new Problems.Conflict("closing " + created.statementId() + " would re-run more than "
                    + LATER_RERUNS_MAX + " later statements of " + providerId);
        }
        for (StatementRecord l : later) {
            if (l.status() == StatementStatus.APPROVED || l.status() == StatementStatus.PAID) {
                throw new Problems.Conflict("cannot close " + providerId + " " + created.periodStart() + ".."
                        + created.periodEnd() + ": the later statement " + l.statementId() + " is " + l.status()
                        + " and its carry-forward and month-to-date figures depend on this period");
            }
        }
        for (StatementRecord l : later) {
            closeOne(providerId, l.periodStart(), actor, "re-run because " + created.statementId()
                    + " was prepared before it", requestId);
        }
        return created;
    }

    /**
     * Closes the period holding {@code businessDate} unless it is already closed, deciding under the
     * close lock: the scheduler, a retry after an input arrived and another replica may all reach the
     * same period, and only the first may close it (a second {@link #close} would re-run it as v2).
     *
     * @return the statement made, or empty when the period was already closed
     */
    @Transactional
    public Optional<StatementRecord> closeIfOpen(String providerId, LocalDate businessDate, String actor, String reason) {
        jdbc.queryForList(AggregateSql.CLOSE_LOCK);
        Boolean closed = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM closed_periods WHERE provider_id = ? AND ? BETWEEN period_start AND period_end)""",
                Boolean.class, providerId, Date.valueOf(businessDate));
        if (Boolean.TRUE.equals(closed)) {
            return Optional.empty();
        }
        return Optional.of(close(providerId, businessDate, actor, reason, null)); // same transaction; the lock is re-entrant
    }

    private StatementRecord closeOne(String providerId, LocalDate businessDate, String actor, String reason,
                                     String requestId) {
        ContractVersion contract = contracts.effectiveOn(providerId, businessDate).orElseThrow(() ->
                new Problems.Unprocessable(ProblemTypes.CANNOT_CLOSE, "no contract for " + providerId + " is in force on " + businessDate));
        ContractTerms terms = contract.terms();
        LocalDate[] period = period(terms, businessDate);
        LocalDate start = period[0];
        LocalDate end = period[1];

        Optional<StatementRecord> latest = statements.latest(providerId, start);
        if (latest.isPresent() && latest.get().status() != StatementStatus.DRAFT) {
            throw new Problems.Conflict("the statement " + latest.get().statementId() + " is " + latest.get().status()
                    + ": a closed statement is never re-run; later transactions post as adjustments");
        }
        Instant now = statements.now();
        jdbc.update("""
                INSERT INTO closed_periods (provider_id, period_start, period_end, closed_by, closed_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", providerId, Date.valueOf(start), Date.valueOf(end),
                actor, Timestamp.from(now));

        List<AggregateLine> aggregates = aggregates(providerId, start, end);
        LocalDate monthStart = YearMonth.from(start).atDay(1);
        Map<GameType, BigDecimal> monthBase = new EnumMap<>(GameType.class);
        Map<GameType, Long> monthFees = new EnumMap<>(GameType.class);
        for (StatementRecord earlier : statements.latestBefore(providerId, monthStart, start)) {
            for (JsonNode line : json.readTree(earlier.document()).get("lines")) {
                GameType g = GameType.valueOf(line.get("gameType").asString());
                monthBase.merge(g, new BigDecimal(line.get("baseConverted").asString()), BigDecimal::add);
                monthFees.merge(g, line.get("feeMinor").asLong(), Long::sum);
            }
        }
        StatementRecord prev = statements.previous(providerId, start).orElse(null);
        if (prev != null && prev.carryOutMinor() != 0 && !prev.settlementCurrency().equals(terms.settlementCurrency())) {
            throw new Problems.Unprocessable(ProblemTypes.CANNOT_CLOSE, "the carry-forward of " + prev.statementId() + " is in "
                    + prev.settlementCurrency() + " but contract v" + contract.version() + " settles in "
                    + terms.settlementCurrency() + ": settle the carry-forward before changing currency");
        }

        TreeSet<String> currencies = new TreeSet<>();
        currencies.add(terms.settlementCurrency());
        LocalDate earliest = end;
        for (AggregateLine a : aggregates) {
            currencies.add(a.currency());
            if (a.originDate().isBefore(earliest)) {
                earliest = a.originDate();
            }
        }
        StatementInput input = new StatementInput(providerId, start, end, contract.version(), terms, aggregates,
                monthBase, monthFees, prev == null ? 0 : prev.carryOutMinor(), prev == null ? null : prev.periodEnd());
        Statement computed;
        try {
            computed = StatementCalculator.calculate(input,
                    fx.book(currencies, FxRateBook.earliestFallback(earliest, terms.fxFallbackDays()), end));
        } catch (ContractViolation e) {
            // e.g. an adjustment or late transaction of a game type this contract version does not price
            Problems.Unprocessable unpriced = new Problems.Unprocessable(ProblemTypes.CANNOT_CLOSE, providerId + " "
                    + start + ".." + end + ": contract v" + contract.version()
                    + " cannot price the period's aggregates (" + e.getMessage() + ")");
            unpriced.initCause(e); // CloseFailure tells an unpriced game type from other refusals by it
            throw unpriced;
        }

        computed = anchored(computed, end);
        int version = latest.map(s -> s.version() + 1).orElse(1);
        if (latest.isPresent()) {
            StatementRecord old = latest.get();
            StatementStatus superseded = old.status().supersede();
            statements.setStatus(old, superseded, actor, now, null);
            statements.record(old, withStatus(old, superseded), actor, "STATEMENT_SUPERSEDED",
                    "re-run as version " + version + (reason == null ? "" : ": " + reason), requestId);
        }
        StatementRecord created = new StatementRecord(StatementRecord.id(providerId, start, version), providerId, start,
                end, version, StatementStatus.DRAFT, contract.version(), terms.settlementCurrency(),
                computed.totalPayableMinor(), computed.carryOutMinor(), computed.canonicalJson(), computed.sha256(),
                actor, now, null, null, null, null, null);
        statements.insert(created, reason, requestId);
        return created;
    }

    /**
     * The statement document with ingest's latest signed audit head up to the period end ({@code auditHead}):
     * finance's documents name the anchor of the ledger they settle. Without a head yet, the document is as
     * before. Deterministic: the head of a day never changes, so re-running once the period end's head exists
     * gives the same bytes.
     */
    private Statement anchored(Statement computed, LocalDate end) {
        return auditHeads.latestThrough(end).map(h -> {
            Map<String, Object> doc = new java.util.LinkedHashMap<>(computed.document());
            doc.put("auditHead", AuditHeadStore.documentEntry(h));
            return new Statement(computed.lines(), computed.minimumGuaranteeTopUps(), computed.feesMinor(),
                    computed.topUpMinor(), computed.carryInMinor(), computed.carryOutMinor(), computed.feePayableMinor(),
                    computed.aggregatorFeeMinor(), computed.totalPayableMinor(), doc);
        }).orElse(computed);
    }

    private static StatementRecord withStatus(StatementRecord s, StatementStatus status) {
        return new StatementRecord(s.statementId(), s.providerId(), s.periodStart(), s.periodEnd(), s.version(), status,
                s.contractVersion(), s.settlementCurrency(), s.totalPayableMinor(), s.carryOutMinor(), s.document(),
                s.sha256(), s.preparedBy(), s.preparedAt(), s.approvedBy(), s.approvedAt(), s.paidBy(), s.paidAt(),
                s.paymentReference());
    }

    /** The period's aggregates, brands summed in the database. */
    public List<AggregateLine> aggregates(String providerId, LocalDate start, LocalDate end) {
        return jdbc.query("""
                SELECT game_type, currency, posting_date, origin_date,
                       sum(bet_count), sum(bet_minor), sum(win_count), sum(win_minor), sum(rollback_count),
                       sum(rollback_minor), sum(free_round_win_count), sum(free_round_win_minor), sum(jackpot_win_count),
                       sum(jackpot_win_minor), sum(jackpot_contribution_minor), sum(adjustment_count),
                       sum(stake_adjustment_minor), sum(payout_adjustment_minor)
                  FROM aggregates
                 WHERE provider_id = ? AND posting_date BETWEEN ? AND ?
                 GROUP BY game_type, currency, posting_date, origin_date""",
                (rs, i) -> new AggregateLine(GameType.valueOf(rs.getString(1)), rs.getString(2).trim(),
                        rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
                        rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16), rs.getLong(17), rs.getLong(18)),
                providerId, Date.valueOf(start), Date.valueOf(end));
    }
}
