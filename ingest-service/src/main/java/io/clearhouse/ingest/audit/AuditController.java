package io.clearhouse.ingest.audit;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/audit/verify} (AUDITOR): recomputes the ingest audit chain and every batch's Merkle
 * root from the rows; {@code intact} false names the first entry that does not match. One at a time
 * (429 problem+json while one runs), on its own pool ({@link HeavyReads}).
 */
@RestController
class AuditController {

    private final BatchAuditVerifier verifier;
    private final HeavyReads heavyReads;

    AuditController(BatchAuditVerifier verifier, HeavyReads heavyReads) {
        this.verifier = verifier;
        this.heavyReads = heavyReads;
    }

    @GetMapping("/v1/audit/verify")
    BatchAuditVerifier.Verdict verify(Caller caller) {
        caller.require(Role.AUDITOR, Role.ADMIN);
        return heavyReads.exclusive("audit verify", verifier::verify);
    }
}
