package io.clearhouse.ingest.provider;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Provider settings: time zone and cut-off hour of the business day, uniqueness mode, rollback wait.
 * Reads are open to operators; changes need ADMIN and are audited (who, before, after). Providers
 * without settings run on the defaults, which every answer states ({@code "source": "DEFAULT"}).
 * A change merges with what is in force: a field left out keeps its current value (the stored one,
 * or the default for a provider never configured), never silently reset. The uniqueness mode of a
 * provider that already has judged transactions cannot change (409): its keys were judged under the
 * old mode, and resends would be recorded a second time under the new one.
 */
@RestController
class ProviderController {

    private static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The body of a change; absent (or null) fields keep the value in force. */
    record SettingsRequest(String timeZone, Integer cutoffHour, String uniquenessMode, String rollbackWait) {
    }

    private final ProviderSettingsRepository repository;
    private final AuditAppender audit;
    private final Clock clock;

    ProviderController(ProviderSettingsRepository repository, AuditAppender audit, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/v1/ingest/providers")
    Map<String, Object> list(Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR, Role.ADMIN);
        List<Map<String, Object>> providers = new ArrayList<>();
        for (ProviderSettings s : repository.allConfigured()) {
            providers.add(view(s));
        }
        for (String id : repository.unconfiguredWithTransactions()) {
            providers.add(view(ProviderSettings.defaults(id, repository.defaultRollbackWait())));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("defaults", defaultsView());
        answer.put("providers", providers);
        return answer;
    }

    @GetMapping("/v1/ingest/providers/{providerId}")
    Map<String, Object> get(@PathVariable String providerId, Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR, Role.ADMIN);
        return view(repository.configured(providerId)
                .orElseGet(() -> ProviderSettings.defaults(providerId, repository.defaultRollbackWait())));
    }

    @PutMapping("/v1/ingest/providers/{providerId}")
    @Transactional
    Map<String, Object> put(@PathVariable String providerId, @RequestBody SettingsRequest body,
                            Caller caller) {
        caller.require(Role.ADMIN);
        if (!PROVIDER_ID.matcher(providerId).matches()) {
            throw new Problems.Invalid("providerId", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        ProviderSettings before = repository.configured(providerId).orElse(null);
        ProviderSettings current = before != null ? before
                : ProviderSettings.defaults(providerId, repository.defaultRollbackWait());
        ZoneId zone = current.timeZone();
        if (body.timeZone() != null) {
            try {
                zone = ZoneId.of(body.timeZone());
            } catch (DateTimeException e) {
                throw new Problems.Invalid("timeZone", "is not an IANA time zone id");
            }
        }
        int cutoff = body.cutoffHour() == null ? current.cutoffHour() : body.cutoffHour();
        if (cutoff < 0 || cutoff > 23) {
            throw new Problems.Invalid("cutoffHour", "must be between 0 and 23");
        }
        UniquenessMode mode = current.uniquenessMode();
        if (body.uniquenessMode() != null) {
            try {
                mode = UniquenessMode.valueOf(body.uniquenessMode());
            } catch (IllegalArgumentException e) {
                throw new Problems.Invalid("uniquenessMode", "must be PROVIDER_TX_ID or PROVIDER_TX_ID_PLAYER");
            }
        }
        Duration wait = current.rollbackWait();
        if (body.rollbackWait() != null) {
            try {
                wait = Duration.parse(body.rollbackWait());
            } catch (DateTimeException e) {
                throw new Problems.Invalid("rollbackWait", "must be an ISO 8601 duration such as PT1H");
            }
            if (wait.isNegative() || wait.isZero() || wait.compareTo(Duration.ofDays(31)) > 0) {
                throw new Problems.Invalid("rollbackWait", "must be positive and at most 31 days");
            }
        }
        if (mode != current.uniquenessMode() && repository.hasJudgedTransactions(providerId)) {
            throw new Problems.Conflict("uniquenessMode", "cannot change from " + current.uniquenessMode() + " to "
                    + mode + ": " + providerId + " already has transactions judged under " + current.uniquenessMode()
                    + ", whose resends would be recorded a second time");
        }
        ProviderSettings after = new ProviderSettings(providerId, zone, cutoff, mode, wait, true);
        String actor = caller.actor();
        repository.save(after, actor, clock.instant());
        audit.append(List.of(new AuditRecord(actor, "PROVIDER_SETTINGS_CHANGED", "provider", providerId,
                before == null ? null : auditState(before), auditState(after), null,
                caller.requestId())));
        return view(after);
    }

    private Map<String, Object> view(ProviderSettings s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("providerId", s.providerId());
        v.put("timeZone", s.timeZone().getId());
        v.put("cutoffHour", s.cutoffHour());
        v.put("uniquenessMode", s.uniquenessMode().name());
        v.put("rollbackWait", s.rollbackWait().toString());
        v.put("source", s.configured() ? "CONFIGURED" : "DEFAULT");
        return v;
    }

    private Map<String, Object> defaultsView() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("timeZone", ProviderSettings.DEFAULT_TIME_ZONE.getId());
        v.put("cutoffHour", ProviderSettings.DEFAULT_CUTOFF_HOUR);
        v.put("uniquenessMode", ProviderSettings.DEFAULT_UNIQUENESS.name());
        v.put("rollbackWait", repository.defaultRollbackWait().toString());
        return v;
    }

    private static Map<String, Object> auditState(ProviderSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeZone", s.timeZone().getId());
        m.put("cutoffHour", (long) s.cutoffHour());
        m.put("uniquenessMode", s.uniquenessMode().name());
        m.put("rollbackWait", s.rollbackWait().toString());
        return m;
    }
}
