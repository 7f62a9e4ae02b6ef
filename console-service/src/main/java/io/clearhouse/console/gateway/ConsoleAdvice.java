package io.clearhouse.console.gateway;

import io.clearhouse.console.signin.Person;
import io.clearhouse.console.signin.PersonAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every page gets the signed-in person ({@code me}) for its menus. A 401 from the gateway ends the
 * session; any other refusal while reading a page is shown as the problem's title, detail and field
 * messages (actions show theirs as a flash message instead, see {@link Actions}).
 */
@ControllerAdvice
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    @ModelAttribute("me")
    Person me() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a instanceof PersonAuthentication p ? p.getPrincipal() : null;
    }

    /** The page's path inside the console, for the menu's {@code aria-current}. */
    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri == null ? "" : context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    @ExceptionHandler(GatewayProblem.SessionEnded.class)
    String sessionEnded(HttpServletRequest request) {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        log.info("session ended by the gateway's 401 for {}", a == null ? "nobody" : a.getName());
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return "redirect:/login?expired";
    }

    @ExceptionHandler(GatewayProblem.Refused.class)
    String refused(GatewayProblem.Refused e, HttpServletResponse response, Model model) {
        GatewayProblem p = e.problem();
        response.setStatus(p.status() >= 400 && p.status() < 600 ? p.status() : 502);
        model.addAttribute("problem", p);
        model.addAttribute("me", me());
        return "problem";
    }
}
