package io.clearhouse.settlement.contract;

import io.clearhouse.settlement.domain.ContractTerms;
import io.clearhouse.settlement.web.Requests;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code /v1/contracts}: FINANCE adds versions (JSON, one at a time, or a YAML file of several);
 * every write names who (the gateway's actor header) and why ({@code reason}) and is audited.
 */
@RestController
class ContractController {

    private static final int IMPORT_MAX = 500;

    private final ContractStore store;
    private final TransactionTemplate importTransaction;

    ContractController(ContractStore store, PlatformTransactionManager transactions) {
        this.store = store;
        this.importTransaction = new TransactionTemplate(transactions);
    }

    /** Body: {@code {providerId, effectiveFrom, reason, terms: {...}}}. 201 when a version was created, 200 when identical. */
    @PostMapping(path = "/v1/contracts", consumes = "application/json")
    ResponseEntity<Map<String, Object>> add(@RequestBody Map<String, Object> body, Caller caller) {
        caller.require(Role.FINANCE);
        ContractStore.Added added = addOne(body, Requests.text(body, "reason", true), "", caller);
        return ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK).body(added.contract().toJson());
    }

    /** A YAML file {@code {reason, contracts: [{providerId, effectiveFrom, terms}]}}; re-importing the same file changes nothing. */
    @PostMapping(path = "/v1/contracts/import", consumes = {"application/yaml", "application/x-yaml", "text/yaml"})
    Map<String, Object> importYaml(@RequestBody String yaml, Caller caller) {
        caller.require(Role.FINANCE);
        Object parsed;
        try {
            // SnakeYAML's defaults bound nesting (50), aliases (50) and size (3 MB); a key twice is refused
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            parsed = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new Problems.Invalid("body", "is not valid YAML");
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new Problems.Invalid("body", "must be a YAML mapping with reason and contracts");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) root;
        String reason = Requests.text(doc, "reason", true);
        if (!(doc.get("contracts") instanceof List<?> list) || list.isEmpty() || list.size() > IMPORT_MAX) {
            throw new Problems.Invalid("contracts", "must be a list of 1 to " + IMPORT_MAX + " contracts");
        }
        // all or nothing: a bad contract after good ones leaves none of them stored
        return importTransaction.execute(status -> Map.of("contracts", importAll(list, reason, caller)));
    }

    private List<Map<String, Object>> importAll(List<?> list, String reason, Caller caller) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new Problems.Invalid("contracts[" + i + "]", "must be a mapping");
            }
            @SuppressWarnings("unchecked")
            ContractStore.Added added = addOne((Map<String, Object>) m, reason, "contracts[" + i + "].", caller);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("providerId", added.contract().providerId());
            r.put("version", added.contract().version());
            r.put("effectiveFrom", added.contract().effectiveFrom().toString());
            r.put("created", added.created());
            results.add(r);
        }
        return results;
    }

    @GetMapping("/v1/contracts")
    List<Map<String, Object>> list(@RequestParam(required = false) String providerId, Caller caller) {
        caller.require(Role.FINANCE, Role.AUDITOR, Role.OPERATOR, Role.ADMIN);
        List<ContractVersion> versions = providerId == null ? store.all() : store.versions(providerId);
        return versions.stream().map(ContractVersion::toJson).toList();
    }

    /** The version in force on {@code date} (default: every version). */
    @GetMapping("/v1/contracts/{providerId}")
    Object one(@PathVariable String providerId, @RequestParam(required = false) LocalDate date,
               Caller caller) {
        caller.require(Role.FINANCE, Role.AUDITOR, Role.OPERATOR, Role.ADMIN);
        if (date != null) {
            return store.effectiveOn(providerId, date).map(ContractVersion::toJson)
                    .orElseThrow(() -> new Problems.NotFound("no contract for " + providerId + " on " + date));
        }
        List<ContractVersion> versions = store.versions(providerId);
        if (versions.isEmpty()) {
            throw new Problems.NotFound("no contract for " + providerId);
        }
        return versions.stream().map(ContractVersion::toJson).toList();
    }

    @SuppressWarnings("unchecked")
    private ContractStore.Added addOne(Map<String, Object> body, String reason, String prefix, Caller caller) {
        String providerId;
        LocalDate effectiveFrom;
        try {
            providerId = Requests.text(body, "providerId", true);
            effectiveFrom = Requests.date(body, "effectiveFrom", true);
        } catch (Problems.Invalid e) {
            throw new Problems.Invalid(prefix + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
        if (!providerId.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new Problems.Invalid(prefix + "providerId", "must be lowercase letters, digits and dashes");
        }
        Object terms = body.get("terms");
        if (!(terms instanceof Map<?, ?>)) {
            throw new Problems.Invalid(prefix + "terms", "is required (an object)");
        }
        ContractTerms parsed;
        try {
            parsed = ContractTerms.fromMap((Map<String, ?>) terms);
        } catch (io.clearhouse.settlement.domain.ContractViolation v) {
            throw new Problems.Invalid(prefix + "terms." + v.field(), v.getMessage().substring(v.field().length() + 2));
        }
        return store.add(providerId, effectiveFrom, parsed, caller, reason);
    }
}
