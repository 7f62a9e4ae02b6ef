package io.clearhouse.reporting.report;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;

/**
 * Who reads which reports: FINANCE and AUDITOR every report; a PROVIDER client only its own
 * provider's FINAL per-provider reports (anything else is a 404, as if it did not exist).
 */
final class ReportReaders {

    private ReportReaders() {
    }

    static boolean readsEverything(Caller caller) {
        return caller.has(Role.FINANCE) || caller.has(Role.AUDITOR);
    }

    /** A provider client bound to one provider, reading only its own final reports. */
    static boolean isProviderOnly(Caller caller) {
        return !readsEverything(caller) && caller.has(Role.PROVIDER) && caller.providerId() != null;
    }

    /** @throws Problems.Forbidden unless the caller reads everything or is a bound provider client */
    static Caller requireReader(Caller caller) {
        if (readsEverything(caller) || isProviderOnly(caller)) {
            return caller;
        }
        throw new Problems.Forbidden("requires role FINANCE or AUDITOR (or PROVIDER for its own final reports)");
    }
}
