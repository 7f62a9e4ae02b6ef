package io.clearhouse.console.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationServiceException;

/** Who a token is for: the gateway's claims, an OIDC provider's, and tokens the console must refuse. */
class SignInTokenTest {

    private static PersonAuthentication fromToken(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return GatewaySignIn.fromToken(b64.encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".sig");
    }

    @Test
    void readsTheGatewaysClaims() {
        PersonAuthentication a = fromToken(
                "{\"client_id\":\"acme.fin\",\"roles\":[\"PROVIDER\"],\"provider_id\":\"acme\",\"exp\":2000000000}");
        assertThat(a.getPrincipal().name()).isEqualTo("acme.fin");
        assertThat(a.getPrincipal().role()).isEqualTo(Role.PROVIDER);
        assertThat(a.getPrincipal().providerId()).isEqualTo("acme");
        assertThat(a.expiresAt()).hasToString("2033-05-18T03:33:20Z");
        assertThat(a.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_PROVIDER");
    }

    @Test
    void readsAnOidcProvidersPreferredUsername() {
        PersonAuthentication a = fromToken(
                "{\"sub\":\"3f2a\",\"preferred_username\":\"jane\",\"roles\":[\"FINANCE\"]}");
        assertThat(a.getPrincipal().name()).isEqualTo("jane");
        assertThat(a.getPrincipal().providerId()).isNull();
    }

    @Test
    void refusesTokensWithoutExactlyOneKnownRoleOrAProviderWithoutItsProvider() {
        assertThatThrownBy(() -> fromToken("{\"client_id\":\"x\",\"roles\":[]}")).isInstanceOf(AuthenticationServiceException.class);
        assertThatThrownBy(() -> fromToken("{\"client_id\":\"x\",\"roles\":[\"ROOT\"]}")).isInstanceOf(AuthenticationServiceException.class);
        assertThatThrownBy(() -> fromToken("{\"client_id\":\"x\",\"roles\":[\"PROVIDER\"]}")).isInstanceOf(AuthenticationServiceException.class);
        assertThatThrownBy(() -> fromToken("{\"client_id\":\"x\",\"roles\":[\"FINANCE\",\"ADMIN\"]}"))
                .isInstanceOf(AuthenticationServiceException.class);
    }
}
