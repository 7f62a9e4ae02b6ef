package io.clearhouse.settlement;

import io.clearhouse.testsupport.ServicePlumbingRules;
import org.junit.jupiter.api.Test;

/** Settlement uses service-support's caller, problem advice and outbox relay; it rebuilds none of them. */
class PlumbingArchitectureTest {

    @Test
    void definesNoProblemAdviceOutboxRelayOrIdentityCheckOfItsOwn() {
        ServicePlumbingRules.check("io.clearhouse.settlement");
    }
}
