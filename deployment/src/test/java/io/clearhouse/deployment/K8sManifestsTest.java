package io.clearhouse.deployment;

import static io.clearhouse.deployment.Kustomize.list;
import static io.clearhouse.deployment.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.common.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every overlay of k8s/ rendered as {@code kubectl kustomize} would (plain, default load restrictor),
 * each object checked against its schema with no unknown field, then the references between them:
 * Secrets and ConfigMaps, the environment each service reads, topics, ACLs and consumer groups against
 * the services' own code, database roles, NetworkPolicies, images, backups and monitoring.
 */
class K8sManifestsTest {

    private static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final String KAFKA_CA_SECRET = "clearhouse-cluster-ca-cert";
    private static final Map<String, List<Map<String, Object>>> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void render() {
        for (String overlay : OVERLAYS) {
            List<Map<String, Object>> objects = Kustomize.build(Repo.root().resolve("k8s/overlays/" + overlay));
            RENDERED.put(overlay, objects);
            // for a person to read what was checked
            Kustomize.write(Path.of("target/k8s-rendered/" + overlay + ".yaml"), objects);
        }
    }

    @Test
    void everyObjectOfEveryOverlayIsValidWithNoUnknownField() {
        RENDERED.forEach((overlay, objects) -> {
            List<String> problems = new ArrayList<>();
            for (Map<String, Object> o : objects) {
                ModelCheck.problems(o).forEach(p -> problems.add(overlay + " " + name(o) + ": " + p));
            }
            assertThat(problems).isEmpty();
            assertThat(objects).extracting(o -> (Object) o.get("kind")).contains("Deployment", "Kafka", "KafkaUser",
                    "Cluster", "ObjectStore", "ScheduledBackup", "NetworkPolicy", "Ingress", "Certificate",
                    "ServiceMonitor", "PrometheusRule");
        });
    }

    @Test
    void theCheckCatchesAMisspeltFieldInEachFamilyOfKinds() {
        Map<String, Object> deployment = copy(find("dev", "Deployment", "ingest-service"));
        map(map(deployment.get("spec")).get("template")).put("specs", Map.of());
        assertThat(ModelCheck.problems(deployment)).isNotEmpty();

        Map<String, Object> nested = copy(find("dev", "Deployment", "ingest-service"));
        Map<String, Object> container = map(list(map(map(map(nested.get("spec")).get("template")).get("spec"))
                .get("containers")).get(0));
        container.put("resources", Map.of("limit", Map.of("memory", "1Gi")));
        assertThat(ModelCheck.problems(nested)).singleElement().asString().contains("limit");

        Map<String, Object> user = copy(find("dev", "KafkaUser", "clearhouse-ingest"));
        map(user.get("spec")).put("authentification", Map.of("type", "tls"));
        assertThat(ModelCheck.problems(user)).isNotEmpty();
        Map<String, Object> acl = copy(find("dev", "KafkaUser", "clearhouse-ingest"));
        map(list(map(map(acl.get("spec")).get("authorization")).get("acls")).get(0)).put("operation", "Read");
        assertThat(ModelCheck.problems(acl)).singleElement().asString().contains("operation");
        Map<String, Object> oldApi = copy(find("dev", "KafkaTopic", "provider-transactions-v1"));
        oldApi.put("apiVersion", "kafka.strimzi.io/v1beta3");
        assertThat(ModelCheck.problems(oldApi)).isNotEmpty();

        Map<String, Object> cluster = copy(find("dev", "Cluster", "clearhouse-pg"));
        map(cluster.get("spec")).put("minSyncReplica", 1);
        assertThat(ModelCheck.problems(cluster)).isNotEmpty();
    }

    @Test
    void renderingRefusesFilesOutsideTheKustomizationAsKubectlDoes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("outside.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        Path k = Files.createDirectories(dir.resolve("k"));
        Files.writeString(k.resolve("kustomization.yaml"), "resources:\n  - ../outside.yaml\n");
        assertThatThrownBy(() -> Kustomize.build(k)).hasMessageContaining("outside");
        Files.writeString(k.resolve("kustomization.yaml"), "commonLabels: {a: b}\n");
        assertThatThrownBy(() -> Kustomize.build(k)).hasMessageContaining("not supported");
    }

    @Test
    void everySecretAndConfigMapReferencedExistsOrIsDocumentedForTheOperator() {
        Set<String> documented = documentedSecrets();
        Set<String> referencedAnywhere = new TreeSet<>();
        RENDERED.forEach((overlay, objects) -> {
            Set<String> produced = new TreeSet<>(Set.of(KAFKA_CA_SECRET));
            Set<String> configMaps = new TreeSet<>();
            for (Map<String, Object> o : objects) {
                switch (kind(o)) {
                    case "KafkaUser" -> produced.add(name(o));
                    case "Certificate" -> produced.add((String) spec(o).get("secretName"));
                    case "ConfigMap" -> configMaps.add(name(o));
                    default -> { }
                }
            }
            Set<String> secrets = new TreeSet<>();
            Set<String> configMapRefs = new TreeSet<>();
            for (Map<String, Object> o : objects) {
                collectRefs(o, secrets, configMapRefs);
            }
            referencedAnywhere.addAll(secrets);
            for (String s : secrets) {
                assertThat(produced.contains(s) || documented.contains(s))
                        .as("%s: Secret %s is neither written by an operator nor listed in k8s/README.md", overlay, s).isTrue();
            }
            assertThat(configMaps).as(overlay).containsAll(configMapRefs);
        });
        assertThat(referencedAnywhere).as("k8s/README.md lists only Secrets that are used").containsAll(documented);
    }

    @Test
    void everyServiceIsSetWhatItReadsNothingElseAndNoEmbeddedStackSetting() {
        RENDERED.forEach((overlay, objects) -> {
            for (String svc : Repo.SERVICES.keySet()) {
                Map<String, Object> container = container(overlay, svc);
                Set<String> env = new TreeSet<>();
                for (Object e : list(container.get("env"))) {
                    env.add((String) map(e).get("name"));
                }
                for (Object from : list(container.get("envFrom"))) {
                    Map<String, Object> ref = map(map(from).get("configMapRef"));
                    env.addAll(map(find(overlay, "ConfigMap", (String) ref.get("name")).get("data")).keySet());
                }
                Set<String> reads = Repo.envReadBy(svc).keySet();
                assertThat(env).as("%s %s: set", overlay, svc).containsAll(Repo.requiredEnv(svc).stream()
                        .filter(n -> !n.equals("CLEARHOUSE_DB_MIGRATION_PASSWORD")).toList());
                assertThat(env).as("%s %s: set but never read", overlay, svc)
                        .allMatch(n -> reads.contains(n) || Repo.springRelaxed(n));
                assertThat(env).as("%s %s: no embedded-stack data directory", overlay, svc)
                        .doesNotContain("CLEARHOUSE_DATA_DIR");
                assertThat(env).as("%s %s: Kafka over TLS with SCRAM", overlay, svc).contains(
                        "SPRING_KAFKA_SECURITY_PROTOCOL", "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                        "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION");
                assertThat(secretOf(container, "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
                        .isEqualTo("clearhouse-" + svc + ":sasl.jaas.config");
                assertThat(secretOf(container, "CLEARHOUSE_DB_PASSWORD")).isEqualTo("clearhouse-db-" + svc + "-app:password");
                // the serving container runs as the app role only; the schema owner migrates in the init container
                assertThat(env).as("%s %s: no owner password where it serves", overlay, svc)
                        .doesNotContain("CLEARHOUSE_DB_MIGRATION_PASSWORD");
                assertThat(List.<Object>copyOf(list(container.get("env")))).as("%s %s: no migration on start", overlay, svc)
                        .contains(Map.of("name", "CLEARHOUSE_DB_MIGRATE_ON_START", "value", "false"));
                Map<String, Object> migrate = initContainer(overlay, svc);
                assertThat(migrate.get("name")).isEqualTo("migrate");
                assertThat(migrate.get("image")).isEqualTo(container.get("image"));
                assertThat(List.<Object>copyOf(list(migrate.get("args")))).containsExactly("--clearhouse.migrate-only");
                assertThat(secretOf(migrate, "CLEARHOUSE_DB_MIGRATION_PASSWORD"))
                        .isEqualTo("clearhouse-db-" + svc + "-owner:password");
                assertThat(secretOf(migrate, "CLEARHOUSE_DB_PASSWORD")).isNull();
                assertThat(List.of(container.get("ports").toString())).asString()
                        .contains("containerPort=" + Repo.SERVICES.get(svc));
            }
            Map<String, Object> config = map(find(overlay, "ConfigMap", "clearhouse-config").get("data"));
            assertThat(config.get("SPRING_KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
            assertThat(config.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
            assertThat(config.get("CLEARHOUSE_KAFKA_BOOTSTRAP")).isEqualTo("clearhouse-kafka-bootstrap:9093");
            assertThat(config.get("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION")).isEqualTo("file:/etc/kafka-ca/ca.crt");
            assertThat(map(find(overlay, "ConfigMap", "clearhouse-settlement-config").get("data"))
                    .get("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE")).isEqualTo("true");
        });
    }

    /**
     * The daily audit heads are signed in production too (issue 11, item 13): ingest alone gets the signing
     * key, from its own Secret, with the public key beside it; settlement gets only the public key.
     */
    @Test
    void ingestSignsTheAuditHeadsWithAKeyOnlyItHoldsAndSettlementChecksThem() {
        RENDERED.forEach((overlay, objects) -> {
            Map<String, String> ingestFiles = mountedSecretFiles(overlay, "ingest");
            assertThat(ingestFiles).as("%s ingest", overlay).containsEntry(
                    envValue(container(overlay, "ingest"), "CLEARHOUSE_AUDIT_SIGNING_KEY_FILE"),
                    "clearhouse-audit-signing");
            assertThat(ingestFiles).containsEntry(
                    envValue(container(overlay, "ingest"), "CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE"), "clearhouse-audit-signing");
            assertThat(mountedSecretFiles(overlay, "settlement")).containsEntry(
                    envValue(container(overlay, "settlement"), "CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE"),
                    "clearhouse-audit-public-key");
            for (String svc : Repo.SERVICES.keySet()) {
                if (!svc.equals("ingest")) {
                    assertThat(mountedSecretFiles(overlay, svc)).as("%s %s: never the signing key", overlay, svc)
                            .doesNotContainValue("clearhouse-audit-signing");
                    assertThat(envValue(container(overlay, svc), "CLEARHOUSE_AUDIT_SIGNING_KEY_FILE")).isNull();
                }
            }
        });
    }

    private static String envValue(Map<String, Object> container, String name) {
        for (Object e : list(container.get("env"))) {
            if (name.equals(map(e).get("name"))) {
                return (String) map(e).get("value");
            }
        }
        return null;
    }

    /**
     * The files the service's first container sees from Secret volumes, path → Secret name: each mount's
     * path plus each key (or item path) of the Secret it mounts (keys as the Secret table in k8s/README.md
     * names them).
     */
    private static Map<String, String> mountedSecretFiles(String overlay, String svc) {
        Map<String, Object> pod = map(map(spec(find(overlay, "Deployment", svc + "-service")).get("template")).get("spec"));
        Map<String, String> secretOfVolume = new java.util.HashMap<>();
        for (Object v : list(pod.get("volumes"))) {
            if (map(v).get("secret") != null) {
                secretOfVolume.put((String) map(v).get("name"), (String) map(map(v).get("secret")).get("secretName"));
            }
        }
        Map<String, String> files = new java.util.TreeMap<>();
        for (Object m : list(map(list(pod.get("containers")).get(0)).get("volumeMounts"))) {
            String secret = secretOfVolume.get((String) map(m).get("name"));
            if (secret == null) {
                continue;
            }
            Map<String, Object> volume = list(pod.get("volumes")).stream().map(Kustomize::map)
                    .filter(v -> map(m).get("name").equals(v.get("name"))).findFirst().orElseThrow();
            List<?> items = list(map(volume.get("secret")).get("items"));
            List<String> keys = items.isEmpty() ? documentedKeys(secret)
                    : items.stream().map(i -> (String) map(i).get("path")).toList();
            for (String key : keys) {
                files.put(map(m).get("mountPath") + "/" + key, secret);
            }
        }
        return files;
    }

    /** The keys k8s/README.md's Secrets table gives a Secret created by hand. */
    private static List<String> documentedKeys(String secret) {
        Matcher m = Pattern.compile("(?m)^\\| `" + Pattern.quote(secret) + "` \\| ([^|]+) \\|")
                .matcher(Repo.read(Repo.root().resolve("k8s/README.md")));
        if (!m.find()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        Matcher key = Pattern.compile("`([^`]+)`").matcher(m.group(1));
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    @Test
    void theConsoleIsSetWhatItReadsWithItsSessionsSchemaAndNoKafkaOrIdentitySecret() {
        RENDERED.forEach((overlay, objects) -> {
            Map<String, Object> container = container(overlay, Repo.CONSOLE);
            Set<String> env = new TreeSet<>();
            for (Object e : list(container.get("env"))) {
                env.add((String) map(e).get("name"));
            }
            for (Object from : list(container.get("envFrom"))) {
                Map<String, Object> ref = map(map(from).get("configMapRef"));
                env.addAll(map(find(overlay, "ConfigMap", (String) ref.get("name")).get("data")).keySet());
            }
            Set<String> reads = Repo.envReadBy(Repo.CONSOLE).keySet();
            assertThat(env).as("%s console: set", overlay).containsAll(Repo.requiredEnv(Repo.CONSOLE).stream()
                    .filter(n -> !n.equals("CLEARHOUSE_DB_MIGRATION_PASSWORD")).toList());
            assertThat(env).as("%s console: set but never read", overlay).allMatch(reads::contains);
            assertThat(env).as("%s console: no Kafka or identity secret", overlay)
                    .noneMatch(n -> Repo.dataPlane(n) && !n.startsWith("CLEARHOUSE_DB_"));
            // its sessions' schema as its app role; the owner's password only in the init container
            assertThat(secretOf(container, "CLEARHOUSE_DB_PASSWORD")).isEqualTo("clearhouse-db-console-app:password");
            assertThat(env).doesNotContain("CLEARHOUSE_DB_MIGRATION_PASSWORD");
            assertThat(List.<Object>copyOf(list(container.get("env")))).contains(
                    Map.of("name", "CLEARHOUSE_DB_MIGRATE_ON_START", "value", "false"));
            Map<String, Object> migrate = initContainer(overlay, Repo.CONSOLE);
            assertThat(migrate.get("image")).isEqualTo(container.get("image"));
            assertThat(List.<Object>copyOf(list(migrate.get("args")))).containsExactly("--clearhouse.migrate-only");
            assertThat(secretOf(migrate, "CLEARHOUSE_DB_MIGRATION_PASSWORD")).isEqualTo("clearhouse-db-console-owner:password");
            assertThat(List.<Object>copyOf(list(container.get("env")))).contains(
                    Map.of("name", "CLEARHOUSE_CONSOLE_GATEWAY_URL", "value", "http://gateway-service:" + Repo.SERVICES.get("gateway")));
            Set<String> secrets = new TreeSet<>();
            collectRefs(map(spec(find(overlay, "Deployment", "console-service")).get("template")), secrets, new TreeSet<>());
            assertThat(secrets).as("%s console: no Secret it cannot start without but its roles'", overlay)
                    .containsExactlyInAnyOrder("clearhouse-db-console-app", "clearhouse-db-console-owner");
            assertThat(List.<Object>copyOf(list(container(overlay, "gateway").get("env")))).contains(
                    Map.of("name", "CLEARHOUSE_CONSOLE_URL", "value", "http://console-service:" + Repo.CONSOLE_PORT));
        });
    }

    @Test
    void theConsoleRunsLockedDownReplicasSharingSessionsProbedUnderItsContextPath() {
        RENDERED.forEach((overlay, objects) -> {
            Map<String, Object> deployment = spec(find(overlay, "Deployment", "console-service"));
            // sessions are rows of its schema: any replica serves any of them (dev runs one of everything)
            assertThat(deployment.get("replicas")).as("%s: console replicas", overlay).isEqualTo(overlay.equals("dev") ? 1 : 2);
            Map<String, Object> template = map(deployment.get("template"));
            Map<String, Object> labels = map(map(template.get("metadata")).get("labels"));
            assertThat(objects).as("%s: a budget keeps one console up during drains", overlay)
                    .anyMatch(o -> kind(o).equals("PodDisruptionBudget") && selects(spec(o).get("selector"), labels));
            Map<String, Object> pod = map(template.get("spec"));
            assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
            assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
            assertThat(list(pod.get("initContainers"))).as("%s: the sessions' migrations", overlay).hasSize(1);
            assertThat(List.<Object>copyOf(list(pod.get("volumes")))).contains(Map.of("name", "tmp", "emptyDir", Map.of()));
            Map<String, Object> c = container(overlay, Repo.CONSOLE);
            assertThat(map(c.get("securityContext"))).containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false);
            assertThat(List.<Object>copyOf(list(c.get("volumeMounts")))).contains(Map.of("name", "tmp", "mountPath", "/tmp"));
            assertThat(map(map(c.get("resources")).get("limits"))).containsKey("memory");
            assertThat(map(map(c.get("resources")).get("requests"))).containsKeys("cpu", "memory");
            assertThat(List.<Object>copyOf(list(c.get("ports")))).containsExactly(Map.of("name", "http", "containerPort", Repo.CONSOLE_PORT));
            String health = Repo.CONSOLE_CONTEXT_PATH + "/actuator/health/";
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Map<String, Object> get = map(map(c.get(probe)).get("httpGet"));
                assertThat(get.get("port")).as(probe).isEqualTo("http");
                assertThat(get.get("path")).as(probe).isEqualTo(health + (probe.equals("readinessProbe") ? "readiness" : "liveness"));
            }
            Map<String, Object> service = find(overlay, "Service", "console-service");
            assertThat(selects(Map.of("matchLabels", spec(service).get("selector")), labels)).isTrue();
            assertThat(List.<Object>copyOf(list(spec(service).get("ports"))))
                    .containsExactly(Map.of("name", "http", "port", Repo.CONSOLE_PORT, "targetPort", "http"));
        });
    }

    @Test
    void theConsoleIsReachableOnlyFromTheGatewayAndReachesOnlyTheGatewayAndPostgres() {
        Map<String, Object> fromGateway = Map.of("podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "gateway-service")));
        Map<String, Object> fromConsole = Map.of("podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "console-service")));
        Map<String, Object> monitoring = Map.of("namespaceSelector",
                Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")));
        Map<String, Object> dns = Map.of(
                "namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "kube-system")),
                "podSelector", Map.of("matchLabels", Map.of("k8s-app", "kube-dns")));
        List<Object> dnsPorts = List.of(Map.of("port", 53, "protocol", "UDP"), Map.of("port", 53, "protocol", "TCP"));
        RENDERED.forEach((overlay, objects) -> {
            Map<String, Object> console = podLabels(overlay, "console-service");
            Map<String, Object> gateway = podLabels(overlay, "gateway-service");
            assertThat(rules(overlay, console, "Ingress")).as("%s: who may reach the console", overlay).containsExactly(
                    Map.of("from", List.of(fromGateway, monitoring), "ports", List.of(Map.of("port", Repo.CONSOLE_PORT, "protocol", "TCP"))));
            Map<String, Object> postgres = Map.of("podSelector", Map.of("matchLabels", Map.of("cnpg.io/cluster", "clearhouse-pg")));
            assertThat(rules(overlay, console, "Egress")).as("%s: what the console may reach", overlay).containsExactlyInAnyOrder(
                    Map.of("to", List.of(dns), "ports", dnsPorts),
                    Map.of("to", List.of(fromGateway), "ports", List.of(Map.of("port", Repo.SERVICES.get("gateway"), "protocol", "TCP"))),
                    Map.of("to", List.of(postgres), "ports", List.of(Map.of("port", 5432, "protocol", "TCP"))));
            assertThat(rules(overlay, Map.of("cnpg.io/cluster", "clearhouse-pg"), "Ingress")).as("%s: PostgreSQL admits the console", overlay)
                    .anyMatch(r -> list(r.get("from")).contains(fromConsole)
                            && list(r.get("ports")).contains(Map.of("port", 5432, "protocol", "TCP")));
            assertThat(rules(overlay, gateway, "Ingress")).as("%s: the console may call the gateway", overlay)
                    .anyMatch(r -> list(r.get("from")).contains(fromConsole)
                            && list(r.get("ports")).contains(Map.of("port", Repo.SERVICES.get("gateway"), "protocol", "TCP")));
            assertThat(rules(overlay, gateway, "Egress")).as("%s: the gateway may call the console", overlay)
                    .anyMatch(r -> list(r.get("to")).contains(fromConsole)
                            && list(r.get("ports")).contains(Map.of("port", Repo.CONSOLE_PORT, "protocol", "TCP")));
            Map<String, Object> consoleService = map(map(find(overlay, "Service", "console-service").get("metadata")).get("labels"));
            assertThat(selects(spec(find(overlay, "ServiceMonitor", "clearhouse-services")).get("selector"), consoleService))
                    .as("%s: no scrape of /actuator/prometheus, which the console serves under its context path", overlay).isFalse();
            Map<String, Object> consoleMonitor = spec(find(overlay, "ServiceMonitor", "clearhouse-console"));
            assertThat(selects(consoleMonitor.get("selector"), consoleService))
                    .as("%s: the console's own ServiceMonitor selects it", overlay).isTrue();
            Map<String, Object> endpoint = map(list(consoleMonitor.get("endpoints")).get(0));
            assertThat(endpoint).containsEntry("port", "http")
                    .containsEntry("path", Repo.CONSOLE_CONTEXT_PATH + "/actuator/prometheus");
            assertThat(List.<Object>copyOf(list(endpoint.get("relabelings")))).as("%s: labelled as the alerts select", overlay).contains(
                    Map.of("targetLabel", "service", "replacement", Repo.CONSOLE, "action", "replace"),
                    Map.of("targetLabel", "system", "replacement", "clearhouse", "action", "replace"));
        });
    }

    @Test
    void labelSelectorsAreEvaluatedAsKubernetesDoes() {
        Map<String, Object> labels = Map.of("a", "1", "b", "2");
        assertThat(selects(Map.of(), labels)).isTrue();
        assertThat(selects(Map.of("matchLabels", Map.of("a", "1")), labels)).isTrue();
        assertThat(selects(Map.of("matchLabels", Map.of("a", "2")), labels)).isFalse();
        assertThat(selects(Map.of("matchExpressions", List.of(Map.of("key", "b", "operator", "In", "values", List.of("2", "3")))), labels)).isTrue();
        assertThat(selects(Map.of("matchExpressions", List.of(Map.of("key", "b", "operator", "NotIn", "values", List.of("2")))), labels)).isFalse();
        assertThat(selects(Map.of("matchExpressions", List.of(Map.of("key", "c", "operator", "NotIn", "values", List.of("2")))), labels)).isTrue();
        assertThat(selects(Map.of("matchExpressions", List.of(Map.of("key", "c", "operator", "Exists"))), labels)).isFalse();
    }

    @Test
    void kafkaListensOnlyWithTlsAndScramAndOnlyForTheServices() {
        RENDERED.forEach((overlay, objects) -> {
            Map<String, Object> kafka = map(spec(find(overlay, "Kafka", "clearhouse")).get("kafka"));
            List<?> listeners = list(kafka.get("listeners"));
            assertThat(listeners).hasSize(1);
            Map<String, Object> l = map(listeners.get(0));
            assertThat(l.get("tls")).isEqualTo(true);
            assertThat(l.get("port")).isEqualTo(9093);
            assertThat(map(l.get("authentication")).get("type")).isEqualTo("scram-sha-512");
            assertThat(map(kafka.get("authorization")).get("type")).isEqualTo("simple");
            assertThat(l.get("networkPolicyPeers").toString()).contains(Repo.SERVICES.keySet().stream()
                    .map(s -> s + "-service").toList().toArray(String[]::new));
            assertThat(list(l.get("networkPolicyPeers"))).hasSize(Repo.SERVICES.size());
            assertThat(map(find(overlay, "KafkaNodePool", "dual-role").get("spec"))).containsKey("resources");
            for (String svc : Repo.SERVICES.keySet()) {
                Map<String, Object> pod = map(map(spec(find(overlay, "Deployment", svc + "-service")).get("template")).get("spec"));
                assertThat(pod.get("volumes").toString()).as(svc).contains("secretName=" + KAFKA_CA_SECRET);
                assertThat(container(overlay, svc).get("volumeMounts").toString()).contains("mountPath=/etc/kafka-ca");
            }
        });
    }

    @Test
    void everyTopicAServiceUsesHasAKafkaTopicAndExactlyTheAclsItsCodeNeeds() throws IOException {
        for (String overlay : OVERLAYS) {
            Set<String> topics = RENDERED.get(overlay).stream().filter(o -> kind(o).equals("KafkaTopic"))
                    .map(o -> (String) spec(o).get("topicName")).collect(Collectors.toCollection(TreeSet::new));
            assertThat(topics).containsAll(Topics.all(Topics.TRANSACTION_PARTITIONS).stream().map(Topics.TopicSpec::name).toList());
            for (String svc : Repo.SERVICES.keySet()) {
                Usage used = usage(svc);
                Map<String, Set<String>> acl = acls(map(spec(find(overlay, "KafkaUser", "clearhouse-" + svc)).get("authorization")));
                Set<String> needTopics = new TreeSet<>(used.referenced);
                // a listener of a dead-letter topic reads it as text and has no dead-letter topic of its own
                used.consumed.stream().filter(t -> !t.endsWith(Topics.DLT_SUFFIX)).forEach(t -> needTopics.add(Topics.dlt(t)));
                assertThat(topics).as("%s: KafkaTopic for every topic %s uses", overlay, svc).containsAll(needTopics);
                assertThat(keys(acl, "topic:")).as("%s %s: ACLs on exactly its topics", overlay, svc).isEqualTo(needTopics);
                for (String t : used.consumed) {
                    assertThat(acl.get("topic:" + t)).as("%s reads %s", svc, t).contains("Read");
                    if (!t.endsWith(Topics.DLT_SUFFIX)) {
                        assertThat(acl.get("topic:" + Topics.dlt(t))).as("%s dead-letters %s", svc, t).contains("Write");
                    }
                }
                for (String t : used.referenced) {
                    if (!used.consumed.contains(t)) {
                        assertThat(acl.get("topic:" + t)).as("%s writes %s", svc, t).contains("Write");
                    }
                }
                assertThat(keys(acl, "group:")).as("%s %s: ACLs on exactly its consumer groups", overlay, svc)
                        .isEqualTo(used.groups);
                used.groups.forEach(g -> assertThat(acl.get("group:" + g)).contains("Read"));
            }
            Map<String, Set<String>> gateway = acls(map(spec(find(overlay, "KafkaUser", "clearhouse-gateway")).get("authorization")));
            assertThat(gateway.get("transactionalId:gateway-")).contains("Write");
        }
    }

    @Test
    void postgresRolesSchemasAndBackupsFollowCloudNativePg() {
        Set<String> destinations = new TreeSet<>();
        RENDERED.forEach((overlay, objects) -> {
            Map<String, Object> cluster = spec(find(overlay, "Cluster", "clearhouse-pg"));
            assertThat(cluster.get("enableSuperuserAccess")).isEqualTo(false);
            assertThat(cluster).containsKey("resources");
            List<String> sql = list(map(map(cluster.get("bootstrap")).get("initdb")).get("postInitApplicationSQL"))
                    .stream().map(Object::toString).toList();
            Map<String, String> rolesToSecrets = new LinkedHashMap<>();
            for (Object r : list(map(cluster.get("managed")).get("roles"))) {
                Map<String, Object> role = map(r);
                rolesToSecrets.put((String) role.get("name"), (String) map(role.get("passwordSecret")).get("name"));
                assertThat(role.get("login")).isEqualTo(true);
            }
            List<String> withSchema = new ArrayList<>(Repo.SERVICES.keySet());
            withSchema.add(Repo.CONSOLE); // its sessions
            for (String svc : withSchema) {
                assertThat(sql).contains("CREATE SCHEMA " + svc + " AUTHORIZATION " + svc + "_owner");
                assertThat(rolesToSecrets).containsEntry(svc + "_owner", "clearhouse-db-" + svc + "-owner")
                        .containsEntry(svc + "_app", "clearhouse-db-" + svc + "-app");
            }
            assertThat(Set.copyOf(rolesToSecrets.values())).as("one Secret per role").hasSize(rolesToSecrets.size());
            assertThat(objects).as("no Job logs in as the superuser").noneMatch(o -> kind(o).equals("Job"));

            Map<String, Object> plugin = map(list(cluster.get("plugins")).get(0));
            assertThat(plugin.get("name")).isEqualTo("barman-cloud.cloudnative-pg.io");
            assertThat(plugin.get("isWALArchiver")).isEqualTo(true);
            assertThat(cluster).doesNotContainKey("backup");
            String store = (String) map(plugin.get("parameters")).get("barmanObjectName");
            destinations.add((String) map(spec(find(overlay, "ObjectStore", store)).get("configuration")).get("destinationPath"));
            Map<String, Object> scheduled = spec(find(overlay, "ScheduledBackup", "clearhouse-pg-nightly"));
            assertThat(scheduled.get("method")).isEqualTo("plugin");
            assertThat(map(scheduled.get("cluster")).get("name")).isEqualTo("clearhouse-pg");
        });
        assertThat(destinations).as("every overlay backs up to its own path").hasSize(OVERLAYS.size());
        Map<String, Object> prod = spec(find("prod", "Cluster", "clearhouse-pg"));
        assertThat((Integer) prod.get("minSyncReplicas")).isGreaterThanOrEqualTo(1);
        assertThat((Integer) prod.get("instances")).isGreaterThan((Integer) prod.get("maxSyncReplicas"));
    }

    @Test
    void onlyTheGatewayIsReachableFromOutsideThroughTlsIngress() {
        RENDERED.forEach((overlay, objects) -> {
            Map<String, Object> ingress = spec(find(overlay, "Ingress", "clearhouse-gateway"));
            Map<String, Object> tls = map(list(ingress.get("tls")).get(0));
            Map<String, Object> certificate = spec(find(overlay, "Certificate", "clearhouse-gateway"));
            assertThat(certificate.get("secretName")).isEqualTo(tls.get("secretName"));
            assertThat(certificate.get("dnsNames")).isEqualTo(tls.get("hosts"));
            Map<String, Object> rule = map(list(ingress.get("rules")).get(0));
            assertThat(tls.get("hosts").toString()).contains(rule.get("host").toString());
            assertThat(rule.toString()).contains("name=gateway-service").doesNotContain("console-service");
            assertThat(objects).filteredOn(o -> kind(o).equals("Ingress")).hasSize(1);
            assertThat(objects).filteredOn(o -> kind(o).equals("Service"))
                    .allMatch(o -> spec(o).get("type") == null || "ClusterIP".equals(spec(o).get("type")));

            List<Map<String, Object>> policies = objects.stream().filter(o -> kind(o).equals("NetworkPolicy")).toList();
            assertThat(policies).anyMatch(p -> spec(p).get("podSelector").equals(Map.of())
                    && list(spec(p).get("policyTypes")).contains("Ingress") && spec(p).get("ingress") == null);
            for (Map<String, Object> p : policies) {
                for (Object rule2 : list(spec(p).get("ingress"))) {
                    assertThat(map(rule2)).as("%s: every ingress rule names its sources", name(p)).containsKey("from");
                }
            }
            Map<String, Object> gateway = spec(find(overlay, "NetworkPolicy", "gateway-from-ingress"));
            assertThat(gateway.get("ingress").toString()).contains("ingress-nginx").contains("port=8080");
            assertThat(spec(find(overlay, "NetworkPolicy", "postgres-from-services")).get("ingress").toString())
                    .contains("app.kubernetes.io/component=service");
            Map<String, Object> gatewayConfig = map(find(overlay, "ConfigMap", "clearhouse-gateway-config").get("data"));
            assertThat((String) gatewayConfig.get("CLEARHOUSE_GATEWAY_TRUSTED_PROXIES")).isNotBlank()
                    .isNotEqualTo("10.0.0.0/8").isNotEqualTo("0.0.0.0/0");
        });
    }

    @Test
    void imagesAreTheOnesJibBuildsTaggedPerOverlay() {
        String version = Repo.projectVersion();
        Map<String, String> tags = Map.of("dev", version, "prod", version.replace("-SNAPSHOT", ""));
        RENDERED.forEach((overlay, objects) -> {
            for (String svc : Repo.SERVICES.keySet()) {
                assertThat(container(overlay, svc).get("image"))
                        .isEqualTo(Repo.IMAGE_REGISTRY + svc + "-service:" + tags.get(overlay));
            }
        });
    }

    @Test
    void monitoringObjectsAreInSyncWithOps() {
        Path root = Repo.root();
        Map<String, Object> alerts = Repo.yaml().load(Repo.read(root.resolve("ops/prometheus/alerts.yml")));
        Map<String, String> dashboards = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve("ops/grafana/dashboards"))) {
            files.filter(f -> f.toString().endsWith(".json"))
                    .forEach(f -> dashboards.put(f.getFileName().toString(), Repo.read(f)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        RENDERED.forEach((overlay, objects) -> {
            assertThat(spec(find(overlay, "PrometheusRule", "clearhouse-alerts")))
                    .as("PrometheusRule out of sync with ops/prometheus/alerts.yml: run sh k8s/sync-from-ops.sh")
                    .isEqualTo(alerts);
            Map<String, Object> cm = find(overlay, "ConfigMap", "clearhouse-dashboards");
            assertThat(map(cm.get("data")))
                    .as("dashboards out of sync with ops/grafana/dashboards: run sh k8s/sync-from-ops.sh")
                    .isEqualTo(dashboards);
            assertThat(map(map(cm.get("metadata")).get("labels"))).containsEntry("grafana_dashboard", "1");
            Map<String, Object> monitor = spec(find(overlay, "ServiceMonitor", "clearhouse-services"));
            Map<String, Object> selector = map(map(monitor.get("selector")).get("matchLabels"));
            Map<String, Object> endpoint = map(list(monitor.get("endpoints")).get(0));
            assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
            for (String svc : Repo.SERVICES.keySet()) {
                Map<String, Object> service = find(overlay, "Service", svc + "-service");
                assertThat(map(map(service.get("metadata")).get("labels"))).containsAllEntriesOf(selector);
                assertThat(spec(service).get("ports").toString()).contains("name=" + endpoint.get("port"));
            }
        });
    }

    // --- the services' use of Kafka, read from their code ---

    private record Usage(Set<String> referenced, Set<String> consumed, Set<String> groups) {
    }

    /** {@code Topics.X}, or {@code Topics.X + Topics.DLT_SUFFIX} (X's dead-letter topic). */
    private static final Pattern TOPIC_CONSTANT = Pattern.compile(
            "Topics\\.([A-Z_]+)\\b(\\s*\\+\\s*Topics\\.DLT_SUFFIX\\b)?");
    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\(([^)]*)\\)", Pattern.DOTALL);
    private static final Pattern GROUP = Pattern.compile("groupId\\s*=\\s*\"(?:\\$\\{[^:}]*:)?([^\"}]+)}?\"");

    private static Usage usage(String svc) throws IOException {
        Set<String> referenced = new TreeSet<>();
        Set<String> consumed = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Repo.root().resolve(svc + "-service/src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Repo.read(f);
                Matcher m = TOPIC_CONSTANT.matcher(src);
                while (m.find()) {
                    if (!m.group(1).equals("DLT_SUFFIX")) {
                        referenced.add(topic(m));
                    }
                }
                Matcher l = LISTENER.matcher(src);
                while (l.find()) {
                    Matcher t = TOPIC_CONSTANT.matcher(l.group(1));
                    while (t.find()) {
                        if (!t.group(1).equals("DLT_SUFFIX")) {
                            consumed.add(topic(t));
                        }
                    }
                    Matcher g = GROUP.matcher(l.group(1));
                    if (g.find()) {
                        groups.add(g.group(1));
                    }
                }
            }
        }
        return new Usage(referenced, consumed, groups);
    }

    private static String topic(Matcher m) {
        String topic = topic(m.group(1));
        return m.group(2) == null ? topic : Topics.dlt(topic);
    }

    private static String topic(String constant) {
        try {
            return (String) Topics.class.getField(constant).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Topics." + constant, e);
        }
    }

    private static Map<String, Set<String>> acls(Map<String, Object> authorization) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Object a : list(authorization.get("acls"))) {
            Map<String, Object> resource = map(map(a).get("resource"));
            out.computeIfAbsent(resource.get("type") + ":" + resource.get("name"), k -> new TreeSet<>())
                    .addAll(list(map(a).get("operations")).stream().map(Object::toString).toList());
        }
        return out;
    }

    private static Set<String> keys(Map<String, Set<String>> acl, String prefix) {
        return acl.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    // --- helpers ---

    private static void collectRefs(Object node, Set<String> secrets, Set<String> configMaps) {
        if (node instanceof Map<?, ?> m) {
            boolean optional = Boolean.TRUE.equals(m.get("optional"));
            if (m.get("secretKeyRef") instanceof Map<?, ?> ref && !Boolean.TRUE.equals(ref.get("optional"))) {
                secrets.add((String) ref.get("name"));
            }
            if (m.get("secretRef") instanceof Map<?, ?> ref && ref.get("name") != null && !optional) {
                secrets.add((String) ref.get("name"));
            }
            if (m.get("passwordSecret") instanceof Map<?, ?> ref) {
                secrets.add((String) ref.get("name"));
            }
            if (m.get("secretName") instanceof String s && m.containsKey("hosts")) {
                secrets.add(s);
            }
            if (m.get("secret") instanceof Map<?, ?> vol && vol.get("secretName") != null) {
                secrets.add((String) vol.get("secretName"));
            }
            if (m.get("accessKeyId") instanceof Map<?, ?> ref) {
                secrets.add((String) ref.get("name"));
            }
            if (m.get("secretAccessKey") instanceof Map<?, ?> ref) {
                secrets.add((String) ref.get("name"));
            }
            if (m.get("configMapRef") instanceof Map<?, ?> ref) {
                configMaps.add((String) ref.get("name"));
            }
            if (m.get("configMap") instanceof Map<?, ?> ref) {
                configMaps.add((String) ref.get("name"));
            }
            m.values().forEach(v -> collectRefs(v, secrets, configMaps));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectRefs(v, secrets, configMaps));
        }
    }

    /** The Secrets an operator creates by hand: the backticked names of k8s/README.md's Secrets table. */
    private static Set<String> documentedSecrets() {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(clearhouse-[a-z0-9-]+)` \\|").matcher(Repo.read(Repo.root().resolve("k8s/README.md")));
        while (m.find()) {
            out.add(m.group(1));
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    /** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
    private static boolean selects(Object selector, Map<String, Object> labels) {
        Map<String, Object> s = map(selector);
        if (s.get("matchLabels") != null && !labels.entrySet().containsAll(map(s.get("matchLabels")).entrySet())) {
            return false;
        }
        for (Object e : list(s.get("matchExpressions"))) {
            Map<String, Object> x = map(e);
            Object value = labels.get((String) x.get("key"));
            List<?> values = list(x.get("values"));
            boolean ok = switch ((String) x.get("operator")) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("operator " + x.get("operator"));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The pod labels of a Deployment. */
    private static Map<String, Object> podLabels(String overlay, String deployment) {
        return map(map(map(spec(find(overlay, "Deployment", deployment)).get("template")).get("metadata")).get("labels"));
    }

    /** Every ingress or egress rule of the NetworkPolicies of this namespace that select pods with these labels. */
    private static List<Map<String, Object>> rules(String overlay, Map<String, Object> labels, String type) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> p : RENDERED.get(overlay)) {
            if (kind(p).equals("NetworkPolicy") && selects(spec(p).get("podSelector"), labels)
                    && list(spec(p).get("policyTypes")).contains(type)) {
                list(spec(p).get(type.toLowerCase())).forEach(r -> out.add(map(r)));
            }
        }
        return out;
    }

    private static String secretOf(Map<String, Object> container, String env) {
        for (Object e : list(container.get("env"))) {
            if (env.equals(map(e).get("name"))) {
                Map<String, Object> ref = map(map(map(e).get("valueFrom")).get("secretKeyRef"));
                return ref.get("name") + ":" + ref.get("key");
            }
        }
        return null;
    }

    private static Map<String, Object> container(String overlay, String svc) {
        Map<String, Object> pod = map(map(spec(find(overlay, "Deployment", svc + "-service")).get("template")).get("spec"));
        return map(list(pod.get("containers")).get(0));
    }

    private static Map<String, Object> initContainer(String overlay, String svc) {
        Map<String, Object> pod = map(map(spec(find(overlay, "Deployment", svc + "-service")).get("template")).get("spec"));
        return map(list(pod.get("initContainers")).get(0));
    }

    private static Map<String, Object> find(String overlay, String kind, String name) {
        return RENDERED.get(overlay).stream().filter(o -> kind(o).equals(kind) && name(o).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    private static String kind(Map<String, Object> o) {
        return (String) o.get("kind");
    }

    private static String name(Map<String, Object> o) {
        return (String) map(o.get("metadata")).get("name");
    }

    private static Map<String, Object> spec(Map<String, Object> o) {
        return map(o.get("spec"));
    }

    private static Map<String, Object> copy(Map<String, Object> o) {
        return Repo.yaml().load(new org.yaml.snakeyaml.Yaml().dump(o));
    }

}
