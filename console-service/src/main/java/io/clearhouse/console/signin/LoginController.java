package io.clearhouse.console.signin;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page; the form's POST is Spring Security's formLogin, authenticated by {@link GatewaySignIn}. */
@Controller
class LoginController {

    private final boolean oidc;

    LoginController(org.springframework.beans.factory.ObjectProvider<OidcSignIn> oidc) {
        this.oidc = oidc.getIfAvailable() != null;
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String failed, @RequestParam(required = false) String throttled,
                 @RequestParam(required = false) String unavailable, @RequestParam(required = false) String expired,
                 @RequestParam(required = false) String signedOut, Model model) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current instanceof PersonAuthentication) {
            return "redirect:/";
        }
        String message = failed != null ? "Sign-in failed."
                : throttled != null ? "Too many attempts, try later."
                : unavailable != null ? "Sign-in is unavailable right now (the gateway did not answer). Try again shortly."
                : expired != null ? "Your session has ended (expired, or your account was changed). Please sign in again."
                : signedOut != null ? "You have signed out." : null;
        model.addAttribute("message", message);
        model.addAttribute("oidc", oidc);
        model.addAttribute("error", failed != null || throttled != null || unavailable != null || expired != null);
        return "login";
    }

    @GetMapping("/denied")
    String denied(Model model) {
        model.addAttribute("anonymous", SecurityContextHolder.getContext().getAuthentication()
                instanceof AnonymousAuthenticationToken);
        return "denied";
    }
}
