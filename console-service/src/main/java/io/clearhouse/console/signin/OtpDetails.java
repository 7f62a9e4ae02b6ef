package io.clearhouse.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import java.io.Serial;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The login form's one-time code, carried to {@link GatewaySignIn} beside the username and password. */
final class OtpDetails extends WebAuthenticationDetails {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient String otp;

    OtpDetails(HttpServletRequest request) {
        super(request);
        this.otp = request.getParameter("otp");
    }

    String otp() {
        return otp;
    }
}
