package io.clearhouse.launcher.demo;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Before any transaction is sent, an ADMIN gives ingest each demo provider's time zone and cut-off
 * hour from the demo contracts ({@code demo/contracts.yml}, the file settlement imports), through
 * {@code PUT /v1/ingest/providers/{id}}: ingest derives each transaction's business date with them, so
 * the business dates it records are the days the contracts settle. An operator gives reconciliation the
 * same ({@code PUT /v1/reconciliation/providers/{id}/settings}), which dates the providers' statement
 * lines with them. Absent terms take the contract defaults (UTC, cut-off 0), which are also ingest's.
 */
final class ProviderSettingsStep implements DemoStep {

    static final String CONTRACTS = "/demo/contracts.yml";
    /** Facts key: provider id to its {@link BusinessDay}. */
    static final String BUSINESS_DAYS = "ingest.businessDays";

    /** A provider's business day: starts at {@code cutoffHour}:00 in {@code zone}. */
    record BusinessDay(String providerId, ZoneId zone, int cutoffHour) {
    }

    @Override
    public String title() {
        return "An admin sets each provider's time zone and cut-off in ingest, as its contract says";
    }

    @Override
    public boolean run(DemoContext context) throws IOException, InterruptedException {
        Map<String, BusinessDay> days = new LinkedHashMap<>();
        for (BusinessDay day : fromContracts()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("timeZone", day.zone().getId());
            body.put("cutoffHour", day.cutoffHour());
            GatewayClient.Answer answer = context.gateway().put("/v1/ingest/providers/" + day.providerId(), body,
                    GatewayClient.Role.ADMIN);
            if (answer.status() != 200) {
                context.out().line("Provider settings of " + day.providerId() + " refused: HTTP " + answer.status()
                        + " " + answer.body());
                return false;
            }
            GatewayClient.Answer recon = context.gateway().put("/v1/reconciliation/providers/" + day.providerId()
                    + "/settings", body, GatewayClient.Role.OPERATOR);
            if (recon.status() != 200) {
                context.out().line("Reconciliation settings of " + day.providerId() + " refused: HTTP "
                        + recon.status() + " " + recon.body());
                return false;
            }
            context.out().line(String.format("  %-16s business day from %02d:00 %s in ingest and reconciliation"
                            + " (as its contract)",
                    day.providerId(), day.cutoffHour(), day.zone().getId()));
            days.put(day.providerId(), day);
        }
        context.facts().put(BUSINESS_DAYS, days);
        return true;
    }

    /** Each demo contract's time zone and cut-off hour, with the contract defaults. */
    @SuppressWarnings("unchecked")
    static List<BusinessDay> fromContracts() throws IOException {
        Map<String, Object> file;
        try (InputStream in = ProviderSettingsStep.class.getResourceAsStream(CONTRACTS)) {
            if (in == null) {
                throw new IOException("missing resource " + CONTRACTS);
            }
            file = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        List<BusinessDay> days = new ArrayList<>();
        for (Map<String, Object> contract : (List<Map<String, Object>>) file.get("contracts")) {
            Map<String, Object> terms = (Map<String, Object>) contract.get("terms");
            Object zone = terms.getOrDefault("timeZone", "UTC");
            Object cutoff = terms.getOrDefault("cutoffHour", 0);
            days.add(new BusinessDay((String) contract.get("providerId"), ZoneId.of(zone.toString()),
                    Integer.parseInt(cutoff.toString())));
        }
        return days;
    }
}
