package io.clearhouse.console.admin;

import io.clearhouse.console.gateway.Actions;
import io.clearhouse.console.gateway.GatewayProblem;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * ADMIN's pages: API clients, people, provider settings. New secrets (a client's, a person's password
 * and TOTP secret) are rendered once in the POST's own answer and never stored in the session or a
 * flash attribute; a refusal redirects with the problem as a flash message.
 */
@Controller
class AdminController {

    static final List<String> ROLES = List.of("PROVIDER", "OPERATOR", "FINANCE", "AUDITOR", "ADMIN");

    private final AdminClient client;

    AdminController(AdminClient client) {
        this.client = client;
    }

    @GetMapping("/admin/clients")
    String clients(Model model) {
        model.addAttribute("clients", client.clients());
        model.addAttribute("roles", ROLES);
        return "admin-clients";
    }

    @PostMapping("/admin/clients")
    String createClient(@RequestParam(required = false) String clientId, @RequestParam(required = false) String role,
                        @RequestParam(required = false) String providerId, @RequestParam(required = false) String reason,
                        Model model, RedirectAttributes flash) {
        return issued(model, flash, "/admin/clients", "New API client", () -> client.createClient(
                Actions.id("clientId", clientId), role(role), blankOr(providerId), Actions.optional("reason", reason)));
    }

    @PostMapping("/admin/clients/{id}/disable")
    String disableClient(@PathVariable String id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return Actions.run(flash, "/admin/clients", "Client " + id + " disabled.",
                () -> client.disableClient(Actions.id("clientId", id), Actions.required("reason", reason)));
    }

    @PostMapping("/admin/clients/{id}/rotate")
    String rotateClient(@PathVariable String id, @RequestParam(required = false) String reason, Model model,
                        RedirectAttributes flash) {
        return issued(model, flash, "/admin/clients", "Rotated secret of " + id,
                () -> client.rotateClient(Actions.id("clientId", id), Actions.required("reason", reason)));
    }

    @GetMapping("/admin/users")
    String users(Model model) {
        model.addAttribute("users", client.users());
        model.addAttribute("roles", ROLES);
        return "admin-users";
    }

    @PostMapping("/admin/users")
    String createUser(@RequestParam(required = false) String userId, @RequestParam(required = false) String role,
                      @RequestParam(required = false) String providerId, @RequestParam(required = false) String reason,
                      Model model, RedirectAttributes flash) {
        return issued(model, flash, "/admin/users", "New user", () -> client.createUser(
                Actions.id("userId", userId), role(role), blankOr(providerId), Actions.optional("reason", reason)));
    }

    @PostMapping("/admin/users/{id}/disable")
    String disableUser(@PathVariable String id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return Actions.run(flash, "/admin/users", "User " + id + " disabled.",
                () -> client.disableUser(Actions.id("userId", id), Actions.required("reason", reason)));
    }

    @PostMapping("/admin/users/{id}/reset")
    String resetUser(@PathVariable String id, @RequestParam(required = false) String reason, Model model,
                     RedirectAttributes flash) {
        return issued(model, flash, "/admin/users", "New credentials of " + id,
                () -> client.resetUser(Actions.id("userId", id), Actions.required("reason", reason)));
    }

    @GetMapping("/admin/providers")
    String providers(@RequestParam(required = false) String id, Model model) {
        model.addAttribute("providers", client.providers());
        if (id != null && !id.isBlank()) {
            model.addAttribute("provider", client.provider(Actions.id("id", id)));
        }
        return "admin-providers";
    }

    @PostMapping("/admin/providers/{id}")
    String putProvider(@PathVariable String id, @RequestParam(required = false) String timeZone,
                       @RequestParam(required = false) Integer cutoffHour,
                       @RequestParam(required = false) String uniquenessMode,
                       @RequestParam(required = false) String rollbackWait, RedirectAttributes flash) {
        String pid = Actions.id("id", id);
        return Actions.run(flash, "/admin/providers?id=" + pid, "Settings of " + pid + " saved.",
                () -> client.putProvider(pid, blankOr(timeZone), cutoffHour, blankOr(uniquenessMode), blankOr(rollbackWait)));
    }

    private static String issued(Model model, RedirectAttributes flash, String back, String heading,
                                 Supplier<Map<String, Object>> call) {
        try {
            model.addAttribute("issued", call.get());
            model.addAttribute("heading", heading);
            model.addAttribute("back", back);
            return "admin-issued";
        } catch (GatewayProblem.Refused e) {
            flash.addFlashAttribute("flash", new Actions.Flash(false, e.problem().heading(), e.problem()));
            return "redirect:" + back;
        }
    }

    private static String role(String role) {
        if (role == null || !ROLES.contains(role)) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid("role", "must be one of " + ROLES));
        }
        return role;
    }

    private static String blankOr(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        if (s.length() > 128) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid("value", "at most 128 characters"));
        }
        return s.trim();
    }
}
