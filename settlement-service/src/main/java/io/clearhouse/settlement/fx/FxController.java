package io.clearhouse.settlement.fx;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.settlement.domain.FxRateBook;
import io.clearhouse.settlement.web.Requests;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/fx/rates}: FINANCE loads rates as JSON or as the ECB reference-rate CSV. */
@RestController
class FxController {

    private static final int RATES_MAX = 10_000;

    private final FxRateStore store;

    FxController(FxRateStore store) {
        this.store = store;
    }

    /** Body: {@code {reason, rates: [{base, quote, date, rate, source}]}}; rate is a decimal string. */
    @PostMapping(path = "/v1/fx/rates", consumes = "application/json")
    Map<String, Object> load(@RequestBody Map<String, Object> body, Caller caller) {
        caller.require(Role.FINANCE);
        String reason = Requests.text(body, "reason", true);
        if (!(body.get("rates") instanceof List<?> list) || list.isEmpty() || list.size() > RATES_MAX) {
            throw new Problems.Invalid("rates", "must be a list of 1 to " + RATES_MAX + " rates");
        }
        List<FxRateBook.Rate> rates = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = "rates[" + i + "].";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw new Problems.Invalid("rates[" + i + "]", "must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) raw;
            String base = currency(r, "base", p);
            String quote = currency(r, "quote", p);
            if (base.equals(quote)) {
                throw new Problems.Invalid(p + "quote", "must differ from base");
            }
            LocalDate date;
            String source;
            try {
                date = Requests.date(r, "date", true);
                source = Requests.text(r, "source", true);
            } catch (Problems.Invalid e) {
                throw new Problems.Invalid(p + e.field(), "is required (date yyyy-MM-dd, source text)");
            }
            Object value = r.get("rate");
            BigDecimal rate;
            try {
                rate = new BigDecimal(String.valueOf(value));
            } catch (NumberFormatException e) {
                throw new Problems.Invalid(p + "rate", "must be a decimal string");
            }
            if (value == null || rate.signum() <= 0) {
                throw new Problems.Invalid(p + "rate", "must be a positive decimal");
            }
            String problem = FxRateBook.rateProblem(rate);
            if (problem != null) {
                throw new Problems.Invalid(p + "rate", problem);
            }
            rates.add(new FxRateBook.Rate(base, quote, date, rate, source));
        }
        return Map.of("received", rates.size(), "changed", store.load(rates, caller, reason));
    }

    /** The ECB euro reference-rate CSV (daily or history file) as the body. */
    @PostMapping(path = "/v1/fx/rates/import", consumes = {"text/csv", "text/plain"})
    Map<String, Object> importCsv(@RequestBody String csv, @RequestParam(defaultValue = "ECB") String source,
                                  @RequestParam(defaultValue = "ECB reference rates import") String reason,
                                  Caller caller) {
        caller.require(Role.FINANCE);
        List<FxRateBook.Rate> rates = EcbCsv.parse(csv, source);
        if (rates.isEmpty()) {
            throw new Problems.Invalid("body", "holds no rates");
        }
        return Map.of("received", rates.size(), "changed", store.load(rates, caller, reason));
    }

    @GetMapping("/v1/fx/rates")
    List<Map<String, Object>> list(@RequestParam(required = false) String base, @RequestParam(required = false) String quote,
                                   @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                                   @RequestParam(defaultValue = "200") int limit, Caller caller) {
        caller.require(Role.FINANCE, Role.AUDITOR, Role.OPERATOR, Role.ADMIN);
        if (limit < 1 || limit > 1_000) {
            throw new Problems.Invalid("limit", "must be between 1 and 1000");
        }
        return store.list(base, quote, from, to, limit);
    }

    private static String currency(Map<String, Object> r, String field, String prefix) {
        Object v = r.get(field);
        if (!(v instanceof String s) || !Currencies.isKnown(s)) {
            throw new Problems.Invalid(prefix + field, "must be a known ISO 4217 code");
        }
        return s;
    }
}
