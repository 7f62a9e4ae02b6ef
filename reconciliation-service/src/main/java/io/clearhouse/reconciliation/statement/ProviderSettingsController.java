package io.clearhouse.reconciliation.statement;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import io.clearhouse.common.transaction.TransactionRules;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Per-provider statement format and tolerances: read by the provider itself or staff, changed by OPERATOR. */
@RestController
@RequestMapping("/v1/reconciliation/providers/{providerId}/settings")
class ProviderSettingsController {

    /** The body of a settings change; absent fields take the defaults. */
    record SettingsRequest(String delimiter, String decimalSeparator, String dateFormat, String timeZone,
                           BigDecimal cutoffHour, Map<String, List<String>> columnAliases, BigDecimal toleranceMinor,
                           BigDecimal alertMaxOpenCount, BigDecimal alertMaxOpenAmountMinor) {
    }

    /** Bound of every count and amount in the settings: no transaction is larger (see TransactionRules). */
    private static final long NUMBER_MAX = TransactionRules.AMOUNT_MINOR_MAX;

    private final ProviderSettingsRepository settings;
    private final AuditAppender audit;
    private final Clock clock;

    ProviderSettingsController(ProviderSettingsRepository settings, AuditAppender audit, Clock clock) {
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping
    ProviderSettings get(@PathVariable String providerId, Caller caller) {
        caller.providerScope(providerId, Role.OPERATOR, Role.FINANCE, Role.AUDITOR, Role.ADMIN);
        return settings.findOrDefault(providerId);
    }

    @PutMapping
    @Transactional
    ProviderSettings put(@PathVariable String providerId, @RequestBody SettingsRequest body,
                         Caller caller) {
        caller.require(Role.OPERATOR, Role.ADMIN);
        Long cutoffHour = whole("cutoffHour", body.cutoffHour(), 23);
        Long tolerance = whole("toleranceMinor", body.toleranceMinor(), NUMBER_MAX);
        Long alertCount = whole("alertMaxOpenCount", body.alertMaxOpenCount(), NUMBER_MAX);
        Long alertAmount = whole("alertMaxOpenAmountMinor", body.alertMaxOpenAmountMinor(), NUMBER_MAX);
        ProviderSettings next;
        try {
            next = new ProviderSettings(providerId, single("delimiter", body.delimiter(), ','),
                    single("decimalSeparator", body.decimalSeparator(), '.'), blankToNull(body.dateFormat()),
                    body.timeZone() == null ? "UTC" : body.timeZone(),
                    cutoffHour == null ? 0 : cutoffHour.intValue(), body.columnAliases(),
                    tolerance == null ? 0 : tolerance, alertCount, alertAmount);
        } catch (IllegalArgumentException e) {
            throw new Problems.Invalid(fieldOf(e.getMessage()), e.getMessage());
        }
        ProviderSettings before = settings.find(providerId).orElse(null);
        settings.save(next, caller.actor(), clock.instant());
        audit.append(List.of(new AuditRecord(caller.actor(), "PROVIDER_SETTINGS_CHANGED", "provider_settings",
                providerId, before == null ? null : state(before), state(next), null, caller.requestId())));
        return next;
    }

    /**
     * A whole number from 0 to {@code max}, judged on the exact decimal the JSON held (precision and
     * scale, never its expansion: {@code 1e999999999} is refused, not written out), or null if absent.
     */
    private static Long whole(String field, BigDecimal value, long max) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0 || value.precision() - value.scale() > 19
                || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new Problems.Invalid(field, "must be a whole number from 0 to " + max);
        }
        if (value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
            throw new Problems.Invalid(field, "must be a whole number from 0 to " + max);
        }
        return value.longValue();
    }

    private static char single(String field, String value, char fallback) {
        if (value == null) {
            return fallback;
        }
        if ("\\t".equals(value) || "TAB".equalsIgnoreCase(value)) {
            return '\t';
        }
        if (value.length() != 1) {
            throw new Problems.Invalid(field, "must be exactly one character");
        }
        return value.charAt(0);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String fieldOf(String message) {
        return message == null ? "body" : message.split("[ ']")[0];
    }

    private static Map<String, Object> state(ProviderSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delimiter", String.valueOf(s.delimiter()));
        m.put("decimalSeparator", String.valueOf(s.decimalSeparator()));
        m.put("dateFormat", s.dateFormat());
        m.put("timeZone", s.timeZone());
        m.put("cutoffHour", s.cutoffHour());
        m.put("columnAliases", s.columnAliases());
        m.put("toleranceMinor", s.toleranceMinor());
        m.put("alertMaxOpenCount", s.alertMaxOpenCount());
        m.put("alertMaxOpenAmountMinor", s.alertMaxOpenAmountMinor());
        return m;
    }
}
