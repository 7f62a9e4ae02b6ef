package io.clearhouse.support.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.support.problem.Problems;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private final Caller finance = new Caller("fiona", Set.of(Role.FINANCE), null, "r");
    private final Caller provider = new Caller("nova-client", Set.of(Role.PROVIDER), "nova", "r");

    @Test
    void requireRefusesWith403NamingTheRoles() {
        assertThat(finance.require(Role.FINANCE, Role.AUDITOR)).isSameAs(finance);
        assertThatThrownBy(() -> provider.require(Role.FINANCE, Role.AUDITOR))
                .isInstanceOf(Problems.Forbidden.class).hasMessageContaining("FINANCE, AUDITOR");
    }

    @Test
    void aProviderSeesOnlyItsOwnAndNeverLearnsOfOthers() {
        provider.requireVisible("nova", "statement 1");
        assertThatThrownBy(() -> provider.requireVisible("atlas", "statement 2")).isInstanceOf(Problems.NotFound.class);
        finance.requireVisible("atlas", "statement 2");
    }

    @Test
    void providerScopeBindsAProviderToItsOwnIdAndMakesStaffNameOne() {
        assertThat(provider.providerScope(null, Role.OPERATOR)).isEqualTo("nova");
        assertThatThrownBy(() -> provider.providerScope("atlas", Role.OPERATOR)).isInstanceOf(Problems.Forbidden.class);
        Caller operator = new Caller("olga", Set.of(Role.OPERATOR), null, null);
        assertThat(operator.providerScope("atlas", Role.OPERATOR)).isEqualTo("atlas");
        assertThatThrownBy(() -> operator.providerScope(" ", Role.OPERATOR)).isInstanceOf(Problems.Invalid.class);
    }

    @Test
    void parsesRolesIgnoringUnknownNames() {
        assertThat(Caller.parseRoles(" provider,ADMIN,,root")).containsExactlyInAnyOrder(Role.PROVIDER, Role.ADMIN);
        assertThat(Caller.parseRoles(null)).isEmpty();
    }
}
