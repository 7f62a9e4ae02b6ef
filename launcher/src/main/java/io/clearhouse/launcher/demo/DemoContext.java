package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.Console;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** What the demo steps share: the gateway, the console, the simulated day and what earlier steps found. */
final class DemoContext {

    private final GatewayClient gateway;
    private final Console out;
    private final LocalDate day;
    private final String runTag;
    private final Map<String, Object> facts = new HashMap<>();

    DemoContext(GatewayClient gateway, Console out, LocalDate day, String runTag) {
        this.gateway = gateway;
        this.out = out;
        this.day = day;
        this.runTag = runTag;
    }

    GatewayClient gateway() {
        return gateway;
    }

    Console out() {
        return out;
    }

    /** The simulated business day (yesterday, UTC). */
    LocalDate day() {
        return day;
    }

    /** Unique per demo run: ids carry it, so the demo can run again on a stack that keeps its data. */
    String runTag() {
        return runTag;
    }

    /** Facts one step leaves for later ones (e.g. the transactions sent, per provider). */
    Map<String, Object> facts() {
        return facts;
    }
}
