package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditSigning;
import io.clearhouse.common.audit.InclusionProof;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.security.PublicKey;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
    private final InclusionProofs proofs;
    private final AuditKeys keys;

    AuditController(BatchAuditVerifier verifier, HeavyReads heavyReads, InclusionProofs proofs, AuditKeys keys) {
        this.verifier = verifier;
        this.heavyReads = heavyReads;
        this.proofs = proofs;
        this.keys = keys;
    }

    /**
     * {@code GET /v1/audit/proofs/{transactionId}}: that the transaction is in a signed day (PROVIDER: its
     * own only, 404 otherwise; AUDITOR, ADMIN: any). Check it with {@link InclusionProof#verify} and the
     * public key of {@code GET /v1/audit/public-key} (better: the one obtained out of band).
     */
    @GetMapping("/v1/audit/proofs/{transactionId}")
    InclusionProof proof(@PathVariable String transactionId, Caller caller) {
        caller.require(Role.PROVIDER, Role.AUDITOR, Role.ADMIN);
        return proofs.prove(transactionId, caller);
    }

    /** The public key the daily audit heads are signed with (Ed25519, X.509 PEM), and its id. */
    @GetMapping("/v1/audit/public-key")
    PublicKeyAnswer publicKey(Caller caller) {
        caller.require(Role.PROVIDER, Role.AUDITOR, Role.ADMIN, Role.FINANCE, Role.OPERATOR);
        PublicKey key = keys.publicKey().orElseThrow(() -> new Problems.NotFound("no audit head key is configured"));
        return new PublicKeyAnswer(AuditSigning.ALGORITHM, AuditSigning.keyId(key), AuditSigning.publicPem(key));
    }

    record PublicKeyAnswer(String algorithm, String keyId, String publicKeyPem) {
    }

    @GetMapping("/v1/audit/verify")
    BatchAuditVerifier.Verdict verify(Caller caller) {
        caller.require(Role.AUDITOR, Role.ADMIN);
        return heavyReads.exclusive("audit verify", verifier::verify);
    }
}
