package io.clearhouse.console.statement;

import io.clearhouse.console.gateway.Actions;
import io.clearhouse.console.gateway.GatewayProblem;
import io.clearhouse.console.signin.Person;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Statements by state, one statement with its lines (and a line's explanation), approval (not by the
 * preparer: settlement's four-eyes refusal is shown as is), marking paid, and the documents and
 * reports streamed from the gateway.
 */
@Controller
class StatementController {

    static final List<String> STATES = List.of("DRAFT", "APPROVED", "PAID", "SUPERSEDED");
    static final List<String> FORMATS = List.of("csv", "xlsx", "pdf");
    private static final int LIST_DEFAULT = 50;
    /** A line index is 1..this (settlement answers 404 beyond the statement's lines). */
    private static final int LINE_MAX = 100_000;

    private final StatementClient client;
    private final Clock clock;

    StatementController(StatementClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @GetMapping("/statements")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String provider,
                @RequestParam(required = false) String date, @RequestParam(required = false) Integer limit,
                @ModelAttribute("me") Person me, Model model) {
        String state = status == null ? (me.isProvider() ? null : "DRAFT") : status.isBlank() ? null : status;
        if (state != null && !STATES.contains(state)) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid("status", "must be one of " + STATES));
        }
        String providerId = provider == null || provider.isBlank() ? null : Actions.id("provider", provider);
        String day = date == null || date.isBlank() ? null : date(date);
        model.addAttribute("statements", client.statements(state, providerId, day,
                Actions.size(limit, LIST_DEFAULT, StatementClient.LIST_MAX)));
        model.addAttribute("date", day);
        model.addAttribute("states", STATES);
        model.addAttribute("status", state);
        model.addAttribute("provider", providerId);
        return "statements";
    }

    @GetMapping("/statements/{id}")
    String one(@PathVariable String id, Model model) {
        model.addAttribute("s", client.statement(Actions.id("statementId", id)));
        model.addAttribute("formats", FORMATS);
        return "statement";
    }

    @GetMapping("/statements/{id}/lines/{line}")
    String explain(@PathVariable String id, @PathVariable int line, Model model) {
        if (line < 1 || line > LINE_MAX) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid("line", "must be between 1 and " + LINE_MAX));
        }
        model.addAttribute("statementId", Actions.id("statementId", id));
        model.addAttribute("x", client.explain(id, line));
        model.addAttribute("lineNo", line);
        return "statement-line";
    }

    @PostMapping("/statements/{id}/approve")
    String approve(@PathVariable String id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        String sid = Actions.id("statementId", id);
        return Actions.run(flash, "/statements/" + sid, "Statement approved.",
                () -> client.approve(sid, Actions.required("reason", reason)));
    }

    @PostMapping("/statements/{id}/pay")
    String pay(@PathVariable String id, @RequestParam(required = false) String paymentReference,
               @RequestParam(required = false) String reason, RedirectAttributes flash) {
        String sid = Actions.id("statementId", id);
        return Actions.run(flash, "/statements/" + sid, "Statement marked paid.",
                () -> client.pay(sid, Actions.required("paymentReference", paymentReference),
                        Actions.required("reason", reason)));
    }

    @GetMapping("/statements/{id}/document")
    void document(@PathVariable String id, HttpServletResponse response) {
        client.document(Actions.id("statementId", id), response);
    }

    @GetMapping("/reports")
    String reports(@RequestParam(required = false) String date, @RequestParam(required = false) String provider,
                   @RequestParam(required = false) String status, Model model) {
        String day = date == null || date.isBlank() ? LocalDate.now(clock).toString() : date(date);
        String providerId = provider == null || provider.isBlank() ? null : Actions.id("provider", provider);
        String s = status == null || status.isBlank() ? null : status;
        if (s != null && !List.of("DRAFT", "FINAL").contains(s)) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid("status", "must be DRAFT or FINAL"));
        }
        model.addAttribute("reports", client.reports(day, providerId, s, StatementClient.REPORTS_MAX));
        model.addAttribute("date", day);
        model.addAttribute("provider", providerId);
        model.addAttribute("formats", FORMATS);
        return "reports";
    }

    @GetMapping("/reports/{id}")
    void report(@PathVariable long id, HttpServletResponse response) {
        client.report(id, response);
    }

    @GetMapping("/reports/daily")
    void daily(@RequestParam(required = false) String date, @RequestParam(required = false) String provider,
               @RequestParam(required = false) String format, HttpServletResponse response) {
        String f = format == null ? "pdf" : format;
        if (!FORMATS.contains(f)) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid("format", "must be one of " + FORMATS));
        }
        client.dailyReport(date == null || date.isBlank() ? null : date(date),
                provider == null || provider.isBlank() ? null : Actions.id("provider", provider), f, response);
    }

    private static String date(String d) {
        try {
            return LocalDate.parse(d).toString();
        } catch (RuntimeException e) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid("date", "must be a date yyyy-MM-dd"));
        }
    }

}
