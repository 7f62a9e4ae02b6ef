package io.clearhouse.console.anomaly;

import io.clearhouse.console.gateway.Actions;
import io.clearhouse.console.gateway.GatewayProblem;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Anomalies: list (open by default), one with its evidence (observed against expected and the band), acknowledge with a reason. */
@Controller
class AnomalyController {

    private static final List<String> STATUSES = List.of("OPEN", "ACKNOWLEDGED");
    private static final int PAGE_DEFAULT = 25;

    private final AnomalyClient client;

    AnomalyController(AnomalyClient client) {
        this.client = client;
    }

    @GetMapping("/anomalies")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String provider,
                @RequestParam(required = false) Integer page, Model model) {
        String s = status == null ? "OPEN" : status.isBlank() ? null : status;
        if (s != null && !STATUSES.contains(s)) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid("status", "must be one of " + STATUSES));
        }
        String p = provider == null || provider.isBlank() ? null : Actions.id("provider", provider);
        int pageNo = page == null || page < 0 ? 0 : Math.min(page, 10_000);
        model.addAttribute("result", client.list(p, s, pageNo, PAGE_DEFAULT));
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("status", s);
        model.addAttribute("provider", p);
        model.addAttribute("page", pageNo);
        return "anomalies";
    }

    @GetMapping("/anomalies/{id}")
    String one(@PathVariable long id, Model model) {
        model.addAttribute("a", client.one(id));
        return "anomaly";
    }

    @PostMapping("/anomalies/{id}/acknowledge")
    String acknowledge(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return Actions.run(flash, "/anomalies/" + id, "Anomaly acknowledged.",
                () -> client.acknowledge(id, Actions.required("reason", reason)));
    }
}
