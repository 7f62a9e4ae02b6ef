package io.clearhouse.console.queue;

import io.clearhouse.console.gateway.Actions;
import io.clearhouse.console.signin.Person;
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
 * The work queues: reconciliation breaks ({@code /queues/breaks}) and ingest exceptions
 * ({@code /queues/exceptions}). List with filters, open one, assign to me, comment, resolve with the
 * actions the service allows (a note is required: it is the audit's "why"), and FINANCE's approval of
 * a pending write-off or ACCEPT_PROVIDER.
 */
@Controller
class QueueController {

    /** The two queues: the console path, the gateway path, and what each offers. */
    enum Queue {
        BREAKS("breaks", QueueClient.BREAKS, "Reconciliation breaks",
                List.of("ACCEPT_PROVIDER", "ACCEPT_INTERNAL", "WRITE_OFF", "REOPEN"),
                List.of("OPEN", "PENDING_APPROVAL", "RESOLVED", "CLEARED"),
                List.of("MISSING_INTERNAL", "MISSING_PROVIDER", "AMOUNT_MISMATCH", "TYPE_MISMATCH", "CURRENCY_MISMATCH")),
        EXCEPTIONS("exceptions", QueueClient.INGEST, "Ingest exceptions",
                List.of("ACCEPT_ORIGINAL", "POST_CORRECTION", "REPLAY", "DISMISS"),
                List.of("OPEN", "RESOLVED", "DISMISSED"),
                List.of("CONFLICT", "ROLLBACK_EXPIRED", "DEAD_LETTER"));

        final String path;
        final String api;
        final String title;
        final List<String> resolutions;
        final List<String> statuses;
        final List<String> kinds;

        Queue(String path, String api, String title, List<String> resolutions, List<String> statuses, List<String> kinds) {
            this.path = path;
            this.api = api;
            this.title = title;
            this.resolutions = resolutions;
            this.statuses = statuses;
            this.kinds = kinds;
        }

        static Queue of(String path) {
            return "breaks".equals(path) ? BREAKS : EXCEPTIONS;
        }
    }

    private static final int PAGE_DEFAULT = 25;

    private final QueueClient client;

    QueueController(QueueClient client) {
        this.client = client;
    }

    @GetMapping("/queues/{queue:breaks|exceptions}")
    String list(@PathVariable String queue, @RequestParam(required = false) String provider,
                @RequestParam(required = false) String kind, @RequestParam(required = false) String status,
                @RequestParam(required = false) String assignee, @RequestParam(required = false) Integer page,
                @RequestParam(required = false) Integer size, Model model) {
        Queue q = Queue.of(queue);
        int p = page == null || page < 0 ? 0 : Math.min(page, 10_000);
        QueueClient.Filter f = new QueueClient.Filter(blankToNull(provider), blankToNull(kind),
                status == null ? "OPEN" : blankToNull(status), blankToNull(assignee), p,
                Actions.size(size, PAGE_DEFAULT, QueueClient.PAGE_SIZE_MAX));
        Map<String, Object> result = q == Queue.BREAKS ? client.breaks(f) : client.ingestExceptions(f);
        model.addAttribute("queue", q.path);
        model.addAttribute("title", q.title);
        model.addAttribute("statuses", q.statuses);
        model.addAttribute("kinds", q.kinds);
        model.addAttribute("filter", f);
        model.addAttribute("result", result);
        return "queue";
    }

    @GetMapping("/queues/{queue:breaks|exceptions}/{id}")
    String one(@PathVariable String queue, @PathVariable long id, Model model) {
        Queue q = Queue.of(queue);
        Map<String, Object> item = client.one(q.api, id);
        model.addAttribute("queue", q.path);
        model.addAttribute("title", q.title);
        model.addAttribute("resolutions", q.resolutions);
        model.addAttribute("item", item.get("exception"));
        model.addAttribute("comments", item.get("comments"));
        return "queue-item";
    }

    @PostMapping("/queues/{queue:breaks|exceptions}/{id}/assign")
    String assignToMe(@PathVariable String queue, @PathVariable long id, @ModelAttribute("me") Person me,
                      RedirectAttributes flash) {
        Queue q = Queue.of(queue);
        return Actions.run(flash, back(q, id), "Assigned to you.",
                () -> client.assign(q.api, id, me.name(), null));
    }

    @PostMapping("/queues/{queue:breaks|exceptions}/{id}/comment")
    String comment(@PathVariable String queue, @PathVariable long id, @RequestParam(required = false) String text,
                   RedirectAttributes flash) {
        Queue q = Queue.of(queue);
        return Actions.run(flash, back(q, id), "Comment added.",
                () -> client.comment(q.api, id, Actions.required("text", text)));
    }

    @PostMapping("/queues/{queue:breaks|exceptions}/{id}/resolve")
    String resolve(@PathVariable String queue, @PathVariable long id, @RequestParam(required = false) String resolution,
                   @RequestParam(required = false) String note, @RequestParam(required = false) String amount,
                   RedirectAttributes flash) {
        Queue q = Queue.of(queue);
        return Actions.run(flash, back(q, id), "Resolution recorded.", () -> {
            if (resolution == null || !q.resolutions.contains(resolution)) {
                throw new io.clearhouse.console.gateway.GatewayProblem.Refused(
                        io.clearhouse.console.gateway.GatewayProblem.invalid("resolution", "must be one of " + q.resolutions));
            }
            client.resolve(q.api, id, resolution, Actions.required("note", note), amountOrNull(amount));
        });
    }

    @PostMapping("/queues/breaks/{id}/approval")
    String approve(@PathVariable long id, @RequestParam(required = false) String decision,
                   @RequestParam(required = false) String note, RedirectAttributes flash) {
        boolean approved = "approve".equals(decision);
        return Actions.run(flash, back(Queue.BREAKS, id), approved ? "Approved." : "Rejected.",
                () -> client.approve(id, approved, Actions.required("note", note)));
    }

    private static String back(Queue q, long id) {
        return "/queues/" + q.path + "/" + id;
    }

    private static String amountOrNull(String amount) {
        if (amount == null || amount.isBlank()) {
            return null;
        }
        if (!amount.trim().matches("-?[0-9]{1,15}(\\.[0-9]{1,8})?")) {
            throw new io.clearhouse.console.gateway.GatewayProblem.Refused(
                    io.clearhouse.console.gateway.GatewayProblem.invalid("amount", "must be a decimal amount, e.g. 12.50"));
        }
        return amount.trim();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
