package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActuatorAccessFilterTest {

    @Test
    void metricsOfTheGatewayAndOfTheConsoleAreForTheMonitoringNetworksOnly() {
        assertThat(ActuatorAccessFilter.restricted("/actuator/prometheus")).isTrue();
        assertThat(ActuatorAccessFilter.restricted("/actuator")).isTrue();
        assertThat(ActuatorAccessFilter.restricted("/console/actuator/prometheus")).isTrue();
        assertThat(ActuatorAccessFilter.restricted("/console/actuator")).isTrue();
        assertThat(ActuatorAccessFilter.restricted("/console/actuator/info")).isTrue();
    }

    @Test
    void healthAndEverythingElseStayOpen() {
        assertThat(ActuatorAccessFilter.restricted("/actuator/health/readiness")).isFalse();
        assertThat(ActuatorAccessFilter.restricted("/console/actuator/health")).isFalse();
        assertThat(ActuatorAccessFilter.restricted("/console/actuator/health/liveness")).isFalse();
        assertThat(ActuatorAccessFilter.restricted("/console/")).isFalse();
        assertThat(ActuatorAccessFilter.restricted("/console/actuators")).isFalse();
        assertThat(ActuatorAccessFilter.restricted("/v1/statements")).isFalse();
    }
}
