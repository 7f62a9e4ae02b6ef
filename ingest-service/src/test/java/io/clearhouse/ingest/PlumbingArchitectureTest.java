package io.clearhouse.ingest;

import io.clearhouse.testsupport.ServicePlumbingRules;
import org.junit.jupiter.api.Test;

/** Ingest uses service-support's caller, problem advice and outbox relay; it rebuilds none of them. */
class PlumbingArchitectureTest {

    @Test
    void definesNoProblemAdviceOutboxRelayOrIdentityCheckOfItsOwn() {
        ServicePlumbingRules.check("io.clearhouse.ingest");
    }
}
