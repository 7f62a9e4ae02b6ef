package io.clearhouse.console.transaction;

import io.clearhouse.console.gateway.Actions;
import io.clearhouse.console.signin.Person;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/** Transaction lookup: a provider and the provider's transaction id give its full history. */
@Controller
class TransactionController {

    private final TransactionClient client;

    TransactionController(TransactionClient client) {
        this.client = client;
    }

    @GetMapping("/transactions")
    String lookup(@RequestParam(required = false) String provider, @RequestParam(required = false) String id,
                  @ModelAttribute("me") Person me, Model model) {
        // a PROVIDER looks up its own transactions only (the gateway enforces it as well)
        String providerId = me.isProvider() ? me.providerId() : provider;
        model.addAttribute("provider", providerId);
        model.addAttribute("id", id);
        if (providerId != null && !providerId.isBlank() && id != null && !id.isBlank()) {
            model.addAttribute("history", client.history(Actions.id("provider", providerId.trim()), Actions.id("id", id.trim())));
        }
        return "transactions";
    }
}
