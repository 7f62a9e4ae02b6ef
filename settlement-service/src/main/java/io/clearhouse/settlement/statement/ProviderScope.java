package io.clearhouse.settlement.statement;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import java.util.List;

/**
 * Who may read statements, and which: staff readers (FINANCE, AUDITOR, OPERATOR, ADMIN) any; a
 * PROVIDER caller only its own provider's, and only once they are final for it (APPROVED, PAID), so
 * that a provider checks what it will be paid, never a draft finance is still working on. The
 * provider id comes only from the identity the gateway signed, never from a parameter.
 */
final class ProviderScope {

    /** The statuses a provider sees. */
    static final List<StatementStatus> VISIBLE = List.of(StatementStatus.APPROVED, StatementStatus.PAID);

    private ProviderScope() {
    }

    /**
     * @return null for a staff reader (every statement), the caller's own provider id for a PROVIDER caller
     * @throws io.clearhouse.support.problem.Problems.Forbidden (naming the reader roles) for anyone else,
     *         a PROVIDER identity without its provider id included: it is no provider's
     */
    static String of(Caller caller) {
        if (caller.has(Role.PROVIDER) && !caller.isStaff() && caller.providerId() != null
                && !caller.providerId().isBlank()) {
            return caller.providerId().trim();
        }
        caller.require(Role.FINANCE, Role.AUDITOR, Role.OPERATOR, Role.ADMIN);
        return null;
    }
}
