package io.clearhouse.settlement.aggregate;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import java.time.LocalDate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/settlements/consistency?businessDate=} (FINANCE, AUDITOR, OPERATOR, ADMIN): ingest's
 * ledger against what settlement counted for the day, every difference named ({@link ConsistencyCheck}).
 */
@RestController
class ConsistencyController {

    private final ConsistencyCheck check;

    ConsistencyController(ConsistencyCheck check) {
        this.check = check;
    }

    @GetMapping("/v1/settlements/consistency")
    ConsistencyCheck.Report consistency(@RequestParam LocalDate businessDate, Caller caller) {
        caller.require(Role.FINANCE, Role.AUDITOR, Role.OPERATOR, Role.ADMIN);
        return check.check(businessDate);
    }
}
