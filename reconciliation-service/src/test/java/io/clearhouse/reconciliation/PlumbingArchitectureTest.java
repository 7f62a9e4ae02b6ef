package io.clearhouse.reconciliation;

import io.clearhouse.testsupport.ServicePlumbingRules;
import org.junit.jupiter.api.Test;

/** Reconciliation uses service-support's caller, problem advice and outbox relay; it rebuilds none of them. */
class PlumbingArchitectureTest {

    @Test
    void definesNoProblemAdviceOutboxRelayOrIdentityCheckOfItsOwn() {
        ServicePlumbingRules.check("io.clearhouse.reconciliation");
    }
}
