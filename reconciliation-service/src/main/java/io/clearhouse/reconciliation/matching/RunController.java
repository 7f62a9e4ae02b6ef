package io.clearhouse.reconciliation.matching;

import io.clearhouse.reconciliation.web.ApiException;
import io.clearhouse.reconciliation.web.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Results of a matching run: status, counts and amounts per class, totals per day and currency. */
@RestController
@RequestMapping("/v1/reconciliation/runs")
class RunController {

    private final RunRepository runs;

    RunController(RunRepository runs) {
        this.runs = runs;
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable long id, HttpServletRequest request) {
        Caller caller = Caller.from(request);
        RunView run = runs.find(id).orElseThrow(() -> ApiException.notFound("run " + id));
        caller.requireVisible(run.providerId(), "run " + id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run);
        body.put("counts", runs.countsByClass(id));
        body.put("classTotals", runs.classTotals(id));
        body.put("dayTotals", runs.dayTotals(id));
        return body;
    }
}
