package io.clearhouse.reconciliation.matching;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
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
    Map<String, Object> get(@PathVariable long id, Caller caller) {
        RunView run = runs.find(id).orElseThrow(() -> new Problems.NotFound("run " + id + " not found"));
        caller.requireVisible(run.providerId(), "run " + id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run);
        body.put("counts", runs.countsByClass(id));
        body.put("classTotals", runs.classTotals(id));
        body.put("dayTotals", runs.dayTotals(id));
        return body;
    }
}
