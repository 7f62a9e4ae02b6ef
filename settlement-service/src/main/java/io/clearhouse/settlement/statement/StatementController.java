package io.clearhouse.settlement.statement;

import io.clearhouse.settlement.contract.ContractStore;
import io.clearhouse.settlement.contract.ContractVersion;
import io.clearhouse.settlement.domain.ContractTerms;
import io.clearhouse.settlement.web.Requests;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/statements}: list, read (with lines), the exact document bytes, explain a line, approve, mark paid. */
@RestController
class StatementController {

    private static final int LATE_SHOWN_MAX = 100;

    private final StatementStore store;
    private final StatementLifecycle lifecycle;
    private final ContractStore contracts;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    StatementController(StatementStore store, StatementLifecycle lifecycle, ContractStore contracts, JdbcTemplate jdbc,
                        JsonMapper json) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.contracts = contracts;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Finance, auditors, operators and admins list any statement. A PROVIDER caller lists only its own
     * provider's APPROVED and PAID ones, whatever it asks for (another provider's id or a DRAFT status
     * gives an empty list, not an error that would confirm anything).
     */
    @GetMapping("/v1/statements")
    List<Map<String, Object>> list(@RequestParam(required = false) String providerId,
                                   @RequestParam(required = false) StatementStatus status,
                                   @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                                   @RequestParam(defaultValue = "100") int limit, Caller caller) {
        String ownProvider = ProviderScope.of(caller);
        if (limit < 1 || limit > 1_000) {
            throw new Problems.Invalid("limit", "must be between 1 and 1000");
        }
        if (ownProvider != null) {
            if ((providerId != null && !providerId.equals(ownProvider)) || (status != null && !ProviderScope.VISIBLE.contains(status))) {
                return List.of();
            }
            List<String> statuses = (status == null ? ProviderScope.VISIBLE : List.of(status)).stream()
                    .map(StatementStatus::name).toList();
            return store.list(ownProvider, statuses, from, to, limit).stream().map(StatementRecord::summary).toList();
        }
        return store.list(providerId, status == null ? null : status.name(), from, to, limit).stream()
                .map(StatementRecord::summary).toList();
    }

    /**
     * The statement's state plus its document (lines, carry-forward, MG, aggregator fee, totals). A
     * PROVIDER caller reads only its own APPROVED or PAID statements: anything else is 404, exactly as
     * for an id that does not exist.
     */
    @GetMapping("/v1/statements/{statementId}")
    Map<String, Object> one(@PathVariable String statementId, Caller caller) {
        StatementRecord s = findVisible(statementId, ProviderScope.of(caller));
        Map<String, Object> m = s.summary();
        m.put("document", json.readTree(s.document()));
        return m;
    }

    /** The canonical document exactly as hashed: its SHA-256 is the statement's {@code sha256}. */
    @GetMapping(path = "/v1/statements/{statementId}/document", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> document(@PathVariable String statementId, Caller caller) {
        StatementRecord s = findVisible(statementId, ProviderScope.of(caller));
        return ResponseEntity.ok().header("X-Content-SHA256", s.sha256()).body(s.document());
    }

    /** Which aggregates, contract terms and FX rate produced one line, and the late transactions it holds. */
    @GetMapping("/v1/statements/{statementId}/lines/{index}/explain")
    Map<String, Object> explain(@PathVariable String statementId, @PathVariable int index, Caller caller) {
        caller.require(Role.FINANCE, Role.AUDITOR, Role.OPERATOR, Role.ADMIN);
        StatementRecord s = find(statementId);
        JsonNode lines = json.readTree(s.document()).get("lines");
        if (index < 1 || index > lines.size()) {
            throw new Problems.NotFound(statementId + " has no line " + index + " (it has " + lines.size() + ")");
        }
        JsonNode line = lines.get(index - 1);
        String gameType = line.get("gameType").asString();
        String currency = line.get("currency").asString();
        LocalDate origin = LocalDate.parse(line.get("originDate").asString());
        boolean late = "LATE_ADJUSTMENT".equals(line.get("kind").asString());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statementId", statementId);
        out.put("line", line);
        out.put("formula", "GGR = bets − rollbacks − wins + stake adjustments − payout adjustments" + ("WINS_IN_GGR".equals(line.get("jackpotTreatment").asString())
                ? " − jackpot wins" : "") + "; NGR = GGR − each deduction in contract order; base = "
                + line.get("baseKind").asString() + "; fee = F(month-to-date after) − F(month-to-date before) with F the "
                + "contract's rate or tiers, on the base converted at the FX rate; rounded once to the settlement "
                + "currency with " + json.readTree(s.document()).get("roundingMode").asString());
        ContractVersion contract = contracts.versions(s.providerId()).stream()
                .filter(c -> c.version() == s.contractVersion()).findFirst().orElseThrow();
        ContractTerms terms = contract.terms();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("providerId", s.providerId());
        c.put("version", contract.version());
        c.put("effectiveFrom", contract.effectiveFrom().toString());
        c.put("termsSha256", contract.termsSha256());
        Map<String, Object> all = terms.toMap();
        @SuppressWarnings("unchecked")
        Map<String, Object> games = (Map<String, Object>) all.get("games");
        c.put("gameTerms", games.containsKey(gameType) ? games.get(gameType) : all.get("defaultGame"));
        c.put("deductions", all.get("deductions"));
        c.put("rateDate", all.get("rateDate"));
        c.put("fxFallbackDays", all.get("fxFallbackDays"));
        c.put("roundingMode", all.get("roundingMode"));
        out.put("contract", c);
        out.put("aggregates", jdbc.queryForList("""
                SELECT brand_id, posting_date::text, origin_date::text, bet_count, bet_minor, win_count, win_minor,
                       rollback_count, rollback_minor, free_round_win_count, free_round_win_minor, jackpot_win_count,
                       jackpot_win_minor, jackpot_contribution_minor, adjustment_count, stake_adjustment_minor,
                       payout_adjustment_minor
                  FROM aggregates
                 WHERE provider_id = ? AND posting_date BETWEEN ? AND ? AND game_type = ? AND currency = ?
                   AND origin_date = ? AND (origin_date <> posting_date) = ?
                 ORDER BY brand_id, posting_date""", s.providerId(), Date.valueOf(s.periodStart()),
                Date.valueOf(s.periodEnd()), gameType, currency, Date.valueOf(origin), late));
        if (late) {
            out.put("lateTransactions", jdbc.queryForList("""
                    SELECT transaction_id, provider_tx_id, ref_tx_id, type, adjusted_type, origin_date::text, posting_date::text
                      FROM processed_transactions
                     WHERE provider_id = ? AND posting_date BETWEEN ? AND ? AND origin_date = ?
                       AND origin_date <> posting_date
                     ORDER BY transaction_id LIMIT ?""", s.providerId(), Date.valueOf(s.periodStart()),
                    Date.valueOf(s.periodEnd()), Date.valueOf(origin), LATE_SHOWN_MAX));
        }
        return out;
    }

    /** Body: {@code {reason}}. FINANCE, and not the actor who prepared this version. */
    @PostMapping("/v1/statements/{statementId}/approve")
    Map<String, Object> approve(@PathVariable String statementId, @RequestBody(required = false) Map<String, Object> body,
                                Caller caller) {
        caller.require(Role.FINANCE);
        return lifecycle.approve(statementId, caller, Requests.text(body, "reason", false)).summary();
    }

    /** Body: {@code {paymentReference, reason}}. FINANCE; only an APPROVED statement. */
    @PostMapping("/v1/statements/{statementId}/pay")
    Map<String, Object> pay(@PathVariable String statementId, @RequestBody Map<String, Object> body,
                            Caller caller) {
        caller.require(Role.FINANCE);
        String reference = Requests.text(body, "paymentReference", true);
        return lifecycle.pay(statementId, reference, caller, Requests.text(body, "reason", false)).summary();
    }

    /** The statement when the caller may see it; otherwise the same 404 as for an unknown id. */
    private StatementRecord findVisible(String statementId, String ownProvider) {
        StatementRecord s = find(statementId);
        if (ownProvider != null && (!s.providerId().equals(ownProvider) || !ProviderScope.VISIBLE.contains(s.status()))) {
            throw new Problems.NotFound("no statement " + statementId);
        }
        return s;
    }

    private StatementRecord find(String statementId) {
        return store.find(statementId, false).orElseThrow(() -> new Problems.NotFound("no statement " + statementId));
    }
}
