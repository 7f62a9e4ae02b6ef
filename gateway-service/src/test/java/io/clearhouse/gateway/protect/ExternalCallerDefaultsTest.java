package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.gateway.auth.ApiClient;
import io.clearhouse.gateway.auth.Caller;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.gateway.web.Refusal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Callers of an external issuer without an api_client row are limited like clients, never unlimited. */
class ExternalCallerDefaultsTest {

    private static final ExternalCallerDefaults DEFAULTS = new ExternalCallerDefaults(Map.of(), List.of());

    @Test
    void givesEachRoleTheDefaultLimitsOfCreatedClients() {
        ApiClient provider = DEFAULTS.clientFor(new Caller("ext-p", Set.of(Role.PROVIDER), "acme"));
        assertThat(provider.ratePerSecond()).isEqualTo(2_000);
        assertThat(provider.burst()).isEqualTo(10_000);
        assertThat(provider.providerId()).isEqualTo("acme");
        assertThat(provider.signingSecret()).as("signing needs a row").isNull();
        assertThat(provider.allowedCidrs()).isEmpty();
        ApiClient operator = DEFAULTS.clientFor(new Caller("ext-o", Set.of(Role.OPERATOR), null));
        assertThat(operator.ratePerSecond()).isEqualTo(50);
        assertThat(operator.burst()).isEqualTo(200);
        assertThat(operator.enabled()).isTrue();
    }

    @Test
    void configuredLimitsAndAllowListApplyAndTheMostGenerousRoleWins() {
        ExternalCallerDefaults configured = new ExternalCallerDefaults(
                Map.of(Role.AUDITOR, new ExternalCallerDefaults.Limit(5, 3)), List.of("10.0.0.0/8", " "));
        ApiClient auditor = configured.clientFor(new Caller("ext-a", Set.of(Role.AUDITOR), null));
        assertThat(auditor.ratePerSecond()).isEqualTo(5);
        assertThat(auditor.burst()).isEqualTo(3);
        assertThat(auditor.allowedCidrs()).containsExactly("10.0.0.0/8");
        ApiClient both = configured.clientFor(new Caller("ext-b", EnumSet.of(Role.AUDITOR, Role.FINANCE), null));
        assertThat(both.burst()).isEqualTo(200);
        assertThatThrownBy(() -> new ExternalCallerDefaults(Map.of(), List.of("not-a-cidr")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExternalCallerRunsOutOfItsBucket() {
        ExternalCallerDefaults configured = new ExternalCallerDefaults(
                Map.of(Role.OPERATOR, new ExternalCallerDefaults.Limit(1, 2)), List.of());
        RateLimiter limiter = new RateLimiter();
        ApiClient caller = configured.clientFor(new Caller("ext-o", Set.of(Role.OPERATOR), null));
        limiter.consume(caller, 1);
        limiter.consume(caller, 1);
        assertThatThrownBy(() -> limiter.consume(caller, 1)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.status().value()).isEqualTo(429);
            assertThat(r.headers()).containsKey("Retry-After");
        });
    }
}
