package io.clearhouse.reporting.graphql;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;

/**
 * What a caller may read: FINANCE and AUDITOR every provider; a PROVIDER client (bound to one provider)
 * only its own. Anyone else is refused (FORBIDDEN), as REST refuses them.
 *
 * @param ownProvider null for staff; the provider a PROVIDER caller is bound to
 */
record ReaderScope(String ownProvider) {

    static ReaderScope of(Caller caller) {
        if (caller == null) {
            throw new Problems.Unauthenticated("no verified caller identity on this request");
        }
        if (caller.has(Role.FINANCE) || caller.has(Role.AUDITOR)) {
            return new ReaderScope(null);
        }
        if (caller.has(Role.PROVIDER) && caller.providerId() != null) {
            return new ReaderScope(caller.providerId());
        }
        throw new Problems.Forbidden("requires one of the roles FINANCE, AUDITOR or PROVIDER");
    }

    boolean providerOnly() {
        return ownProvider != null;
    }

    /**
     * The provider filter of a query ({@code null} = all) for the provider the caller names; for a
     * PROVIDER naming another provider, {@code Optional.empty()}: the answer is an empty page (nothing
     * about that provider, not even that it exists, is disclosed).
     */
    java.util.Optional<ProviderFilter> filter(String requested) {
        if (!providerOnly()) {
            return java.util.Optional.of(new ProviderFilter(requested));
        }
        if (requested != null && !requested.equals(ownProvider)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ProviderFilter(ownProvider));
    }

    /** @param providerId null = every provider */
    record ProviderFilter(String providerId) {
    }
}
