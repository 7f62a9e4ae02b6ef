package io.clearhouse.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Production sign-in: when {@code CLEARHOUSE_CONSOLE_OIDC_ISSUER_URI} is set, people sign in with the
 * organisation's OpenID Connect provider (Spring Security {@code oauth2Login}, authorization code
 * with PKCE) instead of the gateway's password grant. The provider's access token becomes the
 * bearer token to the gateway (configured with the same issuer), and the person's role is its
 * {@code roles} claim, exactly as for the gateway's own tokens. When it expires the gateway answers
 * 401, the session ends and the person goes through the provider again (usually without typing).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${clearhouse.console.oidc.issuer-uri:}'.isBlank()")
public class OidcSignIn {

    /** The registration id: the callback is {@code /console/login/oauth2/code/console}. */
    public static final String REGISTRATION = "console";

    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final OAuth2AuthorizedClientRepository authorizedClients = new HttpSessionOAuth2AuthorizedClientRepository();

    @Bean
    ClientRegistrationRepository consoleClientRegistrations(
            @Value("${clearhouse.console.oidc.issuer-uri}") String issuer,
            @Value("${clearhouse.console.oidc.client-id:clearhouse-console}") String clientId,
            @Value("${clearhouse.console.oidc.client-secret:}") String clientSecret,
            @Value("${clearhouse.console.oidc.scopes:openid,profile}") String[] scopes) {
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(issuer)
                .registrationId(REGISTRATION)
                .clientId(clientId)
                .clientSecret(clientSecret)
                .scope(scopes)
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    /** Plugs oauth2Login into the console's filter chain; the login page links to the provider. */
    public void configure(HttpSecurity http) throws Exception {
        http.oauth2Login(o -> o.loginPage("/login")
                .authorizedClientRepository(authorizedClients)
                .successHandler(this::signedIn)
                .failureHandler((request, response, e) -> {
                    log.info("OIDC sign-in refused: {}", e.getMessage());
                    response.sendRedirect(request.getContextPath() + "/login?failed");
                }));
    }

    /** Replaces the OIDC authentication by the console's own: the person, their role and the access token. */
    private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthenticationToken oidc = (OAuth2AuthenticationToken) authentication;
        OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(
                oidc.getAuthorizedClientRegistrationId(), oidc, request);
        PersonAuthentication person;
        try {
            if (client == null) {
                throw new AuthenticationServiceException("no authorized client after sign-in");
            }
            person = GatewaySignIn.fromToken(client.getAccessToken().getTokenValue());
        } catch (AuthenticationServiceException e) {
            log.warn("OIDC sign-in of {}: the access token gives no console role: {}", oidc.getName(), e.getMessage());
            SecurityContextHolder.clearContext();
            request.getSession().invalidate();
            response.sendRedirect(request.getContextPath() + "/login?failed");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(person);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        log.info("signed in through OIDC: {} ({})", person.getName(), person.getPrincipal().role());
        response.sendRedirect(request.getContextPath() + "/");
    }
}
