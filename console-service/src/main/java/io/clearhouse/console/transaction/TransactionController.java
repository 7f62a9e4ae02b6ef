package io.clearhouse.console.transaction;

import io.clearhouse.console.gateway.Actions;
import io.clearhouse.console.gateway.GatewayCalls;
import io.clearhouse.console.gateway.GatewayProblem;
import io.clearhouse.console.gateway.Tiles;
import io.clearhouse.console.signin.Person;
import io.clearhouse.console.signin.Role.Area;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Transaction lookup: a provider and the provider's transaction id give its whole history in one
 * timeline, ingest → settlement → reconciliation. Ingest's history holds ingest's judgements and what
 * the other services announced; settlement's record of counting each ledger transaction (dates, late
 * or not, the statement that covers it) is read beside it, one call per ledger transaction side by side,
 * and merged in by time.
 */
@Controller
class TransactionController {

    /** Ledger transactions under one provider id looked up in settlement at most (one per player, normally 1). */
    static final int LEDGER_IDS_MAX = 5;

    private final TransactionClient client;
    private final GatewayCalls calls;

    TransactionController(TransactionClient client, GatewayCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    @GetMapping("/transactions")
    String lookup(@RequestParam(required = false) String provider, @RequestParam(required = false) String id,
                  @ModelAttribute("me") Person me, Model model) {
        // a PROVIDER looks up its own transactions only (the gateway enforces it as well)
        String providerId = me.isProvider() ? me.providerId() : provider;
        model.addAttribute("provider", providerId);
        model.addAttribute("id", id);
        model.addAttribute("statementLinks", me.role().may(Area.STATEMENTS));
        if (providerId != null && !providerId.isBlank() && id != null && !id.isBlank()) {
            Map<String, Object> history = client.history(Actions.id("provider", providerId.trim()),
                    Actions.id("id", id.trim()));
            model.addAttribute("history", withSettlement(history, model));
        }
        return "transactions";
    }

    /** The history with settlement's counting of each of its ledger transactions merged in, in time order. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withSettlement(Map<String, Object> history, Model model) {
        if (history == null || !(history.get("events") instanceof List<?> list)) {
            return history;
        }
        List<Map<String, Object>> events = new ArrayList<>((List<Map<String, Object>>) list);
        Set<String> ledgerIds = new LinkedHashSet<>();
        for (Map<String, Object> e : events) {
            if ("RECEIVED".equals(e.get("action")) && e.get("detail") instanceof Map<?, ?> d
                    && d.get("transactionId") instanceof String tx && ledgerIds.size() < LEDGER_IDS_MAX) {
                ledgerIds.add(tx);
            }
        }
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Object> counted = new LinkedHashMap<>();
        Map<String, GatewayProblem> unavailable = new LinkedHashMap<>();
        // settlement's record of each ledger transaction, asked side by side
        try (Tiles tiles = calls.tiles()) {
            for (String tx : ledgerIds) {
                tiles.read(tx, () -> client.counted(tx));
            }
            tiles.into(counted::put, unavailable);
        }
        counted.forEach((tx, answer) -> ((Optional<Map<String, Object>>) answer).ifPresentOrElse(c -> {
            events.add(countedEvent(c));
            if (c.get("statement") instanceof Map<?, ?> s) {
                statements.add((Map<String, Object>) s);
            }
        }, () -> events.add(event(null, "settlement", "NOT_YET_COUNTED", Map.of("transactionId", tx)))));
        unavailable.values().stream().findFirst().ifPresent(p -> model.addAttribute("settlementUnavailable", p));
        events.sort(Comparator.comparing(e -> e.get("at") == null ? "\uffff" : String.valueOf(e.get("at"))));
        Map<String, Object> merged = new LinkedHashMap<>(history);
        merged.put("events", events);
        model.addAttribute("statements", statements);
        return merged;
    }

    private static Map<String, Object> countedEvent(Map<String, Object> c) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("transactionId", c.get("transactionId"));
        detail.put("businessDate", c.get("originDate"));
        detail.put("postedOn", c.get("postingDate"));
        if (c.get("statement") instanceof Map<?, ?> s) {
            detail.put("statement", s.get("statementId") + " (" + s.get("status") + ")");
        } else {
            detail.put("statement", "none yet: the period is not closed");
        }
        return event(c.get("countedAt"), "settlement",
                Boolean.TRUE.equals(c.get("late")) ? "COUNTED_AS_LATE_ADJUSTMENT" : "COUNTED", detail);
    }

    private static Map<String, Object> event(Object at, String service, String action, Map<String, Object> detail) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", at);
        e.put("service", service);
        e.put("action", action);
        e.put("detail", detail);
        return e;
    }
}
