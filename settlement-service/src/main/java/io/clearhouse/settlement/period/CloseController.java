package io.clearhouse.settlement.period;

import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.settlement.contract.ContractStore;
import io.clearhouse.settlement.domain.MissingFxRateException;
import io.clearhouse.settlement.statement.StatementRecord;
import io.clearhouse.settlement.web.Requests;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/settlements}: close on demand, and the running aggregates. */
@RestController
class CloseController {

    private final PeriodCloser closer;
    private final ContractStore contracts;
    private final JdbcTemplate jdbc;

    CloseController(PeriodCloser closer, ContractStore contracts, JdbcTemplate jdbc) {
        this.closer = closer;
        this.contracts = contracts;
        this.jdbc = jdbc;
    }

    /**
     * Body: {@code {businessDate, providerId?, reason?}}. Without providerId every provider with a
     * contract in force is closed, each in its own transaction; 200 when all closed, 422 when any
     * could not (each failure named), with the statements that were made either way.
     */
    @PostMapping(path = "/v1/settlements/close", consumes = "application/json")
    ResponseEntity<Map<String, Object>> close(@RequestBody Map<String, Object> body, Caller caller) {
        caller.require(Role.FINANCE);
        LocalDate date = Requests.date(body, "businessDate", true);
        String providerId = Requests.text(body, "providerId", false);
        String reason = Requests.text(body, "reason", false);
        List<String> providers = providerId != null ? List.of(providerId) : contracts.providersOn(date);
        if (providers.isEmpty()) {
            throw new Problems.Unprocessable(ProblemTypes.CANNOT_CLOSE, "no provider has a contract in force on " + date);
        }
        List<Map<String, Object>> made = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String p : providers) {
            try {
                StatementRecord s = closer.close(p, date, caller.actor(), reason, caller.requestId());
                Map<String, Object> m = s.summary();
                made.add(m);
            } catch (MissingFxRateException | Problems.Unprocessable | Problems.Conflict e) {
                if (providerId != null) {
                    throw e;
                }
                failures.add(Map.of("providerId", p, "error", e.getMessage()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("businessDate", date.toString());
        out.put("statements", made);
        out.put("failures", failures);
        out.put("elapsedMs", (System.nanoTime() - t0) / 1_000_000);
        return ResponseEntity.status(failures.isEmpty() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(out);
    }

    /** Aggregates per provider and currency for a posting date (brands and game types summed). */
    @GetMapping("/v1/settlements/aggregates")
    List<Map<String, Object>> aggregates(@RequestParam LocalDate businessDate,
                                         @RequestParam(required = false) String providerId, Caller caller) {
        caller.require(Role.FINANCE, Role.AUDITOR, Role.OPERATOR, Role.ADMIN);
        return jdbc.queryForList("""
                SELECT provider_id AS "providerId", currency, sum(bet_count + win_count + rollback_count
                           + free_round_win_count + jackpot_win_count + adjustment_count) AS "transactions",
                       sum(bet_minor) AS "betMinor", sum(win_minor) AS "winMinor", sum(rollback_minor) AS "rollbackMinor",
                       sum(free_round_win_minor) AS "freeRoundWinMinor",
                       sum(jackpot_contribution_minor) AS "jackpotContributionMinor",
                       sum(adjustment_count) AS "adjustmentCount",
                       sum(stake_adjustment_minor) AS "stakeAdjustmentMinor",
                       sum(payout_adjustment_minor) AS "payoutAdjustmentMinor"
                  FROM aggregates WHERE posting_date = ? AND (?::text IS NULL OR provider_id = ?)
                 GROUP BY provider_id, currency ORDER BY provider_id, currency""",
                Date.valueOf(businessDate), providerId, providerId);
    }
}
