package io.clearhouse.settlement.statement;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentityFilter;
import io.clearhouse.settlement.web.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * Who may read statements, and which: staff readers (FINANCE, AUDITOR, OPERATOR, ADMIN) any; a
 * PROVIDER caller only its own provider's, and only once they are final for it (APPROVED, PAID), so
 * that a provider checks what it will be paid, never a draft finance is still working on. The
 * provider id comes only from the identity the gateway signed ({@link CallerHeaders#PROVIDER}), never
 * from a parameter.
 */
final class ProviderScope {

    static final String PROVIDER = "PROVIDER";
    /** The statuses a provider sees. */
    static final List<StatementStatus> VISIBLE = List.of(StatementStatus.APPROVED, StatementStatus.PAID);
    private static final List<String> STAFF = List.of(Caller.FINANCE, "AUDITOR", "OPERATOR", "ADMIN");

    private ProviderScope() {
    }

    /**
     * @return null for a staff reader (every statement), the caller's own provider id for a PROVIDER caller
     * @throws Caller.Forbidden for anyone else, and for a PROVIDER identity without its provider id
     */
    static String of(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        if (caller.actor() != null && caller.roles().contains(PROVIDER) && STAFF.stream().noneMatch(caller.roles()::contains)) {
            String provider = GatewayIdentityFilter.verified(request) ? request.getHeader(CallerHeaders.PROVIDER) : null;
            if (provider == null || provider.isBlank()) {
                throw new Caller.Forbidden("a PROVIDER caller without its provider id (" + CallerHeaders.PROVIDER + ")");
            }
            return provider.trim();
        }
        caller.requireReader();
        return null;
    }
}
