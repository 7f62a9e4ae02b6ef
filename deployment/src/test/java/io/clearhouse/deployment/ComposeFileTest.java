package io.clearhouse.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * docker-compose.yml as Compose reads it: valid against the Compose Specification's JSON schema once
 * interpolated, and every reference in it resolves (variables, mounted files, health probes, ports,
 * volumes the services can write, what each service reads from its environment).
 */
class ComposeFileTest {

    private static final String MIGRATION_PASSWORD = "CLEARHOUSE_DB_MIGRATION_PASSWORD";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private static String raw;
    private static Map<String, String> envExample;
    private static Map<String, Object> compose;

    @BeforeAll
    static void load() {
        Path root = Repo.root();
        raw = Repo.read(root.resolve("docker-compose.yml"));
        envExample = new LinkedHashMap<>();
        for (String line : Repo.read(root.resolve(".env.example")).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                envExample.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        compose = Repo.yaml().load(interpolate(raw));
    }

    /** As Compose does with a filled-in .env: empty secrets get a stand-in of 64 characters. */
    private static String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text.replace("$$", "\u0000"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = envExample.getOrDefault(m.group(1), "");
            if (value.isEmpty()) {
                value = "-".equals(m.group(2)) || ":-".equals(m.group(2)) ? m.group(3) : "x".repeat(64);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replace("\u0000", "$");
    }

    @Test
    void isValidAgainstTheComposeSpecificationSchema() throws Exception {
        Schema schema = composeSchema();
        String json = JsonMapper.builder().build().writeValueAsString(compose);
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        assertThat(errors).extracting(Error::toString).isEmpty();
    }

    @Test
    void schemaCheckRejectsAnUnknownServiceKey() throws Exception {
        Schema schema = composeSchema();
        String json = "{\"services\":{\"x\":{\"image\":\"a:1\",\"helthcheck\":{}}}}";
        assertThat(schema.validate(json, InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void everyVariableItUsesIsInEnvExampleAndEverySecretThereIsEmpty() {
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(raw.replace("$$", ""));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(envExample.keySet()).containsExactlyInAnyOrderElementsOf(used);
        envExample.forEach((name, value) -> {
            if (name.matches(".*(PASSWORD|SECRET)$")) {
                assertThat(value).as("%s in .env.example must be empty (no secret is committed)", name).isEmpty();
            }
        });
    }

    @Test
    void everyServiceIsSetWhatItReadsAndNothingItDoesNot() {
        for (String svc : Repo.SERVICES.keySet()) {
            Map<String, Object> env = environment(svc + "-service");
            Set<String> reads = Repo.envReadBy(svc).keySet();
            assertThat(env.keySet()).as("%s-service: variables set that it never reads", svc)
                    .allMatch(name -> reads.contains(name) || Repo.springRelaxed(name));
            assertThat(env.keySet()).as("%s-service: variables it needs", svc).containsAll(Repo.requiredEnv(svc).stream()
                    .filter(n -> !n.equals(MIGRATION_PASSWORD)).toList());
            Map<String, Object> migrateEnv = environment(svc + "-migrate");
            assertThat(migrateEnv.keySet()).as("%s-migrate: variables set that it never reads", svc)
                    .allMatch(reads::contains);
            assertThat(migrateEnv).as("%s-migrate: where and as whom it migrates", svc)
                    .containsKeys("CLEARHOUSE_DB_URL", MIGRATION_PASSWORD);
        }
    }

    /**
     * As in k8s (an init container): each service's schema owner migrates in a one-shot container of
     * the service's own image, and the serving container, which waits for it, holds the app role's
     * password only, so it cannot drop the audit triggers.
     */
    @Test
    void migrationsRunAsTheOwnerInAOneShotContainerThatTheServiceWaitsFor() {
        Map<String, Object> uninterpolated = map(map(Repo.yaml().load(raw)).get("services"));
        List<String> withSchema = new java.util.ArrayList<>(Repo.SERVICES.keySet());
        withSchema.add(Repo.CONSOLE); // its schema holds the sessions
        for (String svc : withSchema) {
            String owner = "${CLEARHOUSE_" + svc.toUpperCase() + "_OWNER_PASSWORD:?}";
            Map<String, Object> serving = service(svc + "-service");
            Map<String, Object> migrate = service(svc + "-migrate");
            assertThat(migrate.get("image")).as(svc).isEqualTo(serving.get("image"));
            // appended to the image's entrypoint (Jib's java ... main class; GatewayImageTest), as k8s's args
            assertThat(migrate).as("%s-migrate keeps the image's entrypoint", svc).doesNotContainKey("entrypoint");
            assertThat(strings(migrate.get("command"))).as(svc).containsExactly("--clearhouse.migrate-only");
            assertThat(migrate).as("%s-migrate runs once", svc).doesNotContainKey("restart");
            assertThat(map(map(migrate.get("depends_on")).get("postgres")).get("condition")).isEqualTo("service_healthy");
            assertThat(map(map(uninterpolated.get(svc + "-migrate")).get("environment")).get(MIGRATION_PASSWORD))
                    .as(svc).isEqualTo(owner);
            assertThat(environment(svc + "-migrate")).as("%s-migrate: the owner's password only", svc)
                    .doesNotContainKey("CLEARHOUSE_DB_PASSWORD");

            assertThat(map(map(serving.get("depends_on")).get(svc + "-migrate")).get("condition")).as(svc)
                    .isEqualTo("service_completed_successfully");
            assertThat(environment(svc + "-service")).as(svc).containsEntry("CLEARHOUSE_DB_MIGRATE_ON_START", "false")
                    .doesNotContainKey(MIGRATION_PASSWORD);
        }
        // reconciliation and reporting read ingest's ledger_view, which ingest's migrations create
        for (String svc : List.of("reconciliation", "reporting")) {
            assertThat(map(map(service(svc + "-migrate").get("depends_on")).get("ingest-migrate")).get("condition"))
                    .as(svc).isEqualTo("service_completed_successfully");
        }
    }

    /**
     * The daily audit heads are signed here too (issue 11, item 13): a one-shot container makes the key pair
     * once into a volume only ingest mounts (read-only), and copies the public key to one settlement mounts.
     */
    @Test
    void ingestSignsTheAuditHeadsWithAKeyOnlyItMountsAndSettlementChecksThem() {
        Map<String, Object> keys = service("audit-keys");
        assertThat(keys).doesNotContainKey("restart");
        assertThat(strings(keys.get("entrypoint"))).contains("io.clearhouse.common.audit.AuditKeyFiles",
                "/var/lib/clearhouse/audit/audit-head-signing.key", "/var/lib/clearhouse/audit/audit-head.pub",
                "/etc/clearhouse/audit/audit-head.pub");
        assertThat(strings(keys.get("volumes"))).containsExactlyInAnyOrder("auditkeys:/var/lib/clearhouse/audit",
                "auditpublic:/etc/clearhouse/audit");
        assertThat(environment("ingest-service"))
                .containsEntry("CLEARHOUSE_AUDIT_SIGNING_KEY_FILE", "/var/lib/clearhouse/audit/audit-head-signing.key")
                .containsEntry("CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE", "/var/lib/clearhouse/audit/audit-head.pub");
        assertThat(strings(service("ingest-service").get("volumes"))).contains("auditkeys:/var/lib/clearhouse/audit:ro");
        assertThat(environment("settlement-service"))
                .containsEntry("CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE", "/etc/clearhouse/audit/audit-head.pub")
                .doesNotContainKey("CLEARHOUSE_AUDIT_SIGNING_KEY_FILE");
        assertThat(strings(service("settlement-service").get("volumes"))).contains("auditpublic:/etc/clearhouse/audit:ro");
        for (String svc : List.of("ingest-service", "settlement-service")) {
            assertThat(map(map(service(svc).get("depends_on")).get("audit-keys")).get("condition")).as(svc)
                    .isEqualTo("service_completed_successfully");
        }
        services().forEach((name, def) -> {
            if (!List.of("audit-keys", "audit-keys-owner", "ingest-service").contains(name)) {
                assertThat(String.valueOf(map(def).get("volumes"))).as("%s never sees the signing key", name)
                        .doesNotContain("auditkeys:");
            }
        });
    }

    @Test
    void noLongRunningContainerButTheDatabaseHoldsAnOwnerPassword() {
        Map<String, Object> uninterpolated = map(map(Repo.yaml().load(raw)).get("services"));
        uninterpolated.forEach((name, def) -> {
            Map<String, Object> s = map(def);
            // PostgreSQL creates the owner roles with them on first start (ops/postgres/bootstrap.sh)
            if (s.containsKey("restart") && !name.equals("postgres")) {
                assertThat(String.valueOf(s.get("environment"))).as("%s runs for ever: no owner password", name)
                        .doesNotContain("_OWNER_PASSWORD");
            }
        });
    }

    @Test
    void theConsoleIsSetWhatItReadsWithItsSessionsSchemaAndNoKafkaOrIdentitySecret() {
        Map<String, Object> env = environment("console-service");
        Set<String> reads = Repo.envReadBy(Repo.CONSOLE).keySet();
        assertThat(env.keySet()).as("console-service: variables set that it never reads").allMatch(reads::contains);
        assertThat(env.keySet()).as("console-service: variables it needs").containsAll(Repo.requiredEnv(Repo.CONSOLE)
                .stream().filter(n -> !n.equals(MIGRATION_PASSWORD)).toList());
        assertThat(env.keySet()).as("console-service: no Kafka or identity secret")
                .noneMatch(n -> Repo.dataPlane(n) && !n.startsWith("CLEARHOUSE_DB_"));
        // the sessions' schema as its app role (the owner's password goes to console-migrate alone)
        Map<String, Object> uninterpolated = map(map(map(Repo.yaml().load(raw)).get("services")).get("console-service"));
        assertThat(map(uninterpolated.get("environment")).get("CLEARHOUSE_DB_PASSWORD"))
                .isEqualTo("${CLEARHOUSE_CONSOLE_APP_PASSWORD:?}");
        Set<String> migrateReads = environment("console-migrate").keySet();
        assertThat(migrateReads).as("console-migrate: variables set that it never reads").allMatch(reads::contains);
        assertThat(env.get("CLEARHOUSE_CONSOLE_GATEWAY_URL")).isEqualTo("http://gateway-service:" + Repo.SERVICES.get("gateway"));
        assertThat(environment("gateway-service").get("CLEARHOUSE_CONSOLE_URL"))
                .isEqualTo("http://console-service:" + Repo.CONSOLE_PORT);
    }

    @Test
    void theConsoleIsReachedOnlyThroughTheGatewayWhichItWaitsFor() throws Exception {
        Map<String, Object> console = service("console-service");
        assertThat(console).as("no published port: browsers reach it through the gateway").doesNotContainKey("ports");
        assertThat(map(console.get("depends_on"))).containsOnlyKeys("gateway-service", "console-migrate");
        assertThat(map(map(console.get("depends_on")).get("gateway-service")).get("condition")).isEqualTo("service_healthy");
        assertThat(console.get("image"))
                .isEqualTo(Repo.IMAGE_REGISTRY + "console-service:" + envExample.get("CLEARHOUSE_VERSION"));
        Class.forName(Repo.HEALTH_PROBE_CLASS);
        List<String> test = strings(map(console.get("healthcheck")).get("test"));
        assertThat(test.get(0)).isEqualTo("CMD");
        assertThat(test).contains("java", "/app/libs/*", Repo.HEALTH_PROBE_CLASS,
                "http://127.0.0.1:" + Repo.CONSOLE_PORT + Repo.CONSOLE_CONTEXT_PATH + "/actuator/health/readiness");
        // the port and context path the probe assumes, once the console's module is in the tree
        Path yml = Repo.root().resolve("console-service/src/main/resources/application.yml");
        if (Files.exists(yml)) {
            assertThat(Repo.read(yml)).contains("port: ${CLEARHOUSE_CONSOLE_PORT:" + Repo.CONSOLE_PORT + "}")
                    .containsPattern("context-path:\\s*\\S*" + Repo.CONSOLE_CONTEXT_PATH);
        }
    }

    @Test
    void dependenciesHaveNoCycle() {
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        services().forEach((name, def) -> {
            Object d = map(def).get("depends_on");
            deps.put(name, d == null ? Set.of() : map(d).keySet());
        });
        Set<String> done = new TreeSet<>();
        for (String name : deps.keySet()) {
            visit(name, deps, new LinkedHashSet<>(), done);
        }
        assertThat(done).containsAll(deps.keySet());
    }

    private static void visit(String name, Map<String, Set<String>> deps, LinkedHashSet<String> path, Set<String> done) {
        if (done.contains(name)) {
            return;
        }
        assertThat(path.add(name)).as("depends_on cycle: %s -> %s", path, name).isTrue();
        for (String dep : deps.getOrDefault(name, Set.of())) {
            visit(dep, deps, path, done);
        }
        path.remove(name);
        done.add(name);
    }

    @Test
    void servicesAreWiredToEachOtherByTheirComposeNamesAndPorts() {
        Map<String, Object> gateway = environment("gateway-service");
        for (String svc : List.of("ingest", "settlement", "reconciliation", "reporting")) {
            assertThat(gateway.get("CLEARHOUSE_" + svc.toUpperCase() + "_URL"))
                    .isEqualTo("http://" + svc + "-service:" + Repo.SERVICES.get(svc));
        }
        for (String svc : Repo.SERVICES.keySet()) {
            Map<String, Object> env = environment(svc + "-service");
            assertThat(env.get("CLEARHOUSE_DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/clearhouse");
            assertThat(env.get("CLEARHOUSE_KAFKA_BOOTSTRAP")).isEqualTo("kafka:9092");
        }
        assertThat(environment("settlement-service").get("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE")).isEqualTo("true");
    }

    @Test
    void everyServiceHealthcheckRunsTheJavaProbeOnItsOwnPort() throws Exception {
        Class.forName(Repo.HEALTH_PROBE_CLASS);
        for (var e : Repo.SERVICES.entrySet()) {
            List<String> test = strings(map(service(e.getKey() + "-service").get("healthcheck")).get("test"));
            assertThat(test.get(0)).isEqualTo("CMD");
            assertThat(test).contains("java", "/app/libs/*", Repo.HEALTH_PROBE_CLASS,
                    "http://127.0.0.1:" + e.getValue() + "/actuator/health/readiness");
            assertThat(Repo.read(Repo.root().resolve(e.getKey() + "-service/src/main/resources/application.yml")))
                    .contains("port: ${CLEARHOUSE_" + e.getKey().toUpperCase() + "_PORT:" + e.getValue() + "}");
        }
    }

    @Test
    void thirdPartyHealthchecksUseToolsTheirImagesShip() {
        // what each pinned image is known to contain (Debian postgres, Kafka's scripts, busybox wget)
        Map<String, String> tools = Map.of("postgres", "pg_isready",
                "apache/kafka", "/opt/kafka/bin/kafka-broker-api-versions.sh",
                "prom/prometheus", "wget", "prom/alertmanager", "wget", "grafana/grafana", "wget");
        services().forEach((name, def) -> {
            Map<String, Object> s = map(def);
            String image = (String) s.get("image");
            if (s.containsKey("healthcheck") && !image.startsWith(Repo.IMAGE_REGISTRY)) {
                List<?> test = (List<?>) map(s.get("healthcheck")).get("test");
                assertThat(test.get(0)).as(name).isEqualTo("CMD");
                assertThat(test.get(1)).as(name).isEqualTo(tools.get(image.substring(0, image.indexOf(':'))));
            }
        });
    }

    @Test
    void dependenciesWaitForHealthOrCompletionOfServicesThatCanReportIt() {
        services().forEach((name, def) -> {
            Object deps = map(def).get("depends_on");
            if (deps == null) {
                return;
            }
            assertThat(deps).as("%s: depends_on with conditions", name).isInstanceOf(Map.class);
            map(deps).forEach((dep, cond) -> {
                String condition = (String) map(cond).get("condition");
                assertThat(condition).as("%s -> %s", name, dep)
                        .isIn("service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(service((String) dep)).as("%s has a healthcheck", dep).containsKey("healthcheck");
                }
            });
        });
    }

    @Test
    void imagesArePinnedAndLongRunningContainersHaveMemoryLimits() {
        services().forEach((name, def) -> {
            Map<String, Object> s = map(def);
            String image = (String) s.get("image");
            assertThat(image).as(name).matches("[^:]+:[^:]*\\d[^:]*").doesNotContain(":latest");
            assertThat(s).as("%s: no build (images come from Jib)", name).doesNotContainKey("build");
            if (s.containsKey("restart")) {
                assertThat(map(map(map(s.get("deploy")).get("resources")).get("limits"))).as(name)
                        .containsKey("memory");
            }
        });
        String version = (String) environmentOf(".env.example", "CLEARHOUSE_VERSION");
        assertThat(version).isEqualTo(Repo.projectVersion());
        for (String svc : Repo.SERVICES.keySet()) {
            assertThat(service(svc + "-service").get("image"))
                    .isEqualTo(Repo.IMAGE_REGISTRY + svc + "-service:" + version);
        }
    }

    @Test
    void everyMountedFileExists() {
        services().forEach((name, def) -> {
            Object volumes = map(def).get("volumes");
            for (Object v : volumes == null ? List.of() : (List<?>) volumes) {
                String source = v.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Repo.root().resolve(source)).as("%s mounts %s", name, source).exists();
                } else {
                    assertThat(map(compose.get("volumes"))).as("%s: named volume %s", name, source)
                            .containsKey(source);
                }
            }
        });
    }

    @Test
    void namedVolumesTheServicesWriteAreHandedToUid10001First() {
        for (String svc : Repo.SERVICES.keySet()) {
            Map<String, Object> s = service(svc + "-service");
            Object volumes = s.get("volumes");
            for (Object v : volumes == null ? List.of() : (List<?>) volumes) {
                String[] parts = v.toString().split(":");
                if (parts.length > 2 && parts[2].equals("ro")) {
                    continue; // read only: written by someone else
                }
                String owner = services().entrySet().stream()
                        .filter(o -> {
                            Map<String, Object> os = map(o.getValue());
                            return os.get("entrypoint") instanceof List<?> ep && ep.contains("10001:10001")
                                    && ep.contains(parts[1]) && ((List<?>) os.get("volumes")).contains(v.toString());
                        })
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                assertThat(owner).as("%s-service writes %s: a one-shot service chowns it to 10001", svc, v)
                        .isNotNull();
                assertThat(map(map(s.get("depends_on")).get(owner)).get("condition"))
                        .isEqualTo("service_completed_successfully");
            }
        }
    }

    @Test
    void prometheusScrapesEveryServiceAndMayReadTheGatewaysMetrics() {
        Map<String, Object> prometheus = Repo.yaml().load(Repo.read(Repo.root().resolve("ops/prometheus/prometheus.yml")));
        Set<String> targets = new LinkedHashSet<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) {
            for (Object sc : (List<?>) map(job).get("static_configs")) {
                for (Object t : (List<?>) map(sc).get("targets")) {
                    targets.add(t.toString());
                }
            }
        }
        for (var e : Repo.SERVICES.entrySet()) {
            assertThat(targets).contains(e.getKey() + "-service:" + e.getValue());
        }
        // the console on its own port, under its context path, labelled as the alerts select
        Map<String, Object> consoleJob = ((List<?>) prometheus.get("scrape_configs")).stream().map(j -> map(j))
                .filter(j -> j.get("static_configs").toString().contains("console-service:" + Repo.CONSOLE_PORT))
                .findFirst().orElseThrow(() -> new AssertionError("console-service is not scraped"));
        assertThat(consoleJob.get("metrics_path")).isEqualTo(Repo.CONSOLE_CONTEXT_PATH + "/actuator/prometheus");
        assertThat(consoleJob.get("static_configs").toString()).contains("service=" + Repo.CONSOLE);
        String address = (String) map(map(service("prometheus").get("networks")).get("clearhouse")).get("ipv4_address");
        assertThat(environment("gateway-service").get("CLEARHOUSE_GATEWAY_METRICS_CIDRS")).isEqualTo(address + "/32");
        List<?> alerting = (List<?>) map(prometheus.get("alerting")).get("alertmanagers");
        assertThat(alerting.toString()).contains("alertmanager:9093");
        assertThat(services()).containsKey("alertmanager");
    }

    @Test
    void grafanaIsProvisionedFromOpsAndNotOpenToAnonymousAdmins() {
        Map<String, Object> grafana = service("grafana");
        Map<String, Object> env = map(grafana.get("environment"));
        assertThat(env.get("GF_AUTH_ANONYMOUS_ENABLED")).isEqualTo("false");
        assertThat(raw).contains("GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?");
        assertThat(grafana.get("volumes").toString()).contains("./ops/grafana/provisioning", "./ops/grafana/dashboards");
    }

    /**
     * The vendored schema, with its draft-04 style {@code "id"} members dropped: they only name the
     * subschemas (every $ref is a JSON pointer) and a 2019-09 validator knows no "id" keyword.
     */
    private static Schema composeSchema() throws Exception {
        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode tree;
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
            tree = mapper.readTree(in);
        }
        dropIds(tree, false);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                .getSchema(mapper.writeValueAsString(tree), InputFormat.JSON);
    }

    private static void dropIds(JsonNode node, boolean propertyNames) {
        if (node instanceof ObjectNode o) {
            if (!propertyNames && o.path("id").isString()) {
                o.remove("id");
            }
            for (String name : new ArrayList<>(o.propertyNames())) {
                dropIds(o.get(name), !propertyNames && (name.equals("properties") || name.equals("patternProperties")
                        || name.equals("definitions")));
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(child -> dropIds(child, false));
        }
    }

    private static Object environmentOf(String file, String name) {
        return envExample.get(name);
    }


    private static Map<String, Object> services() {
        return map(compose.get("services"));
    }

    private static Map<String, Object> service(String name) {
        assertThat(services()).containsKey(name);
        return map(services().get(name));
    }

    private static Map<String, Object> environment(String name) {
        return map(service(name).get("environment"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        ((List<?>) o).forEach(x -> out.add(x.toString()));
        return out;
    }
}
