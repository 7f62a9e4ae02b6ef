package io.clearhouse.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** What the security configuration needs from the sign-in package without reaching into it. */
public final class SignInSupport {

    private SignInSupport() {
    }

    /** The login form's details: the one-time code beside the remote address. */
    public static WebAuthenticationDetails details(HttpServletRequest request) {
        return new OtpDetails(request);
    }

    public static boolean isThrottled(AuthenticationException e) {
        return e instanceof GatewaySignIn.TooManyAttempts;
    }
}
