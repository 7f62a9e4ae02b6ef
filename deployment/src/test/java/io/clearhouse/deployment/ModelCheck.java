package io.clearhouse.deployment;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.crdgenerator.annotations.PresentInVersions;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks one rendered object against its schema, with no unknown field let through: built-in kinds
 * through fabric8's Kubernetes model classes, Strimzi's kinds through Strimzi's own model classes
 * (both keep an unknown field in an "additional properties" map instead of failing, so every such map
 * in the object graph must be empty), and the other custom resources against the small closed JSON
 * schemas in {@code k8s-schemas/}.
 */
final class ModelCheck {

    /** apiVersion + kind of every built-in kind k8s/ uses, and its fabric8 model class. */
    private static final Map<String, Class<?>> BUILT_IN = Map.of(
            "v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class,
            "v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class,
            "v1/Service", io.fabric8.kubernetes.api.model.Service.class,
            "apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);

    private static final Map<String, Class<?>> STRIMZI = Map.of(
            "kafka.strimzi.io/v1/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class,
            "kafka.strimzi.io/v1/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class,
            "kafka.strimzi.io/v1/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class,
            "kafka.strimzi.io/v1/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class);

    private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
    // Strimzi's model classes carry Jackson 2 annotations
    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON2 = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Map<String, Schema> SCHEMAS = new HashMap<>();

    private ModelCheck() {
    }

    /** What is wrong with the object; empty when it is valid. */
    static List<String> problems(Map<String, Object> o) {
        String type = o.get("apiVersion") + "/" + o.get("kind");
        List<String> problems = new ArrayList<>();
        try {
            if (BUILT_IN.containsKey(type)) {
                unknownFields(FABRIC8.convertValue(o, BUILT_IN.get(type)), type, problems);
            } else if (STRIMZI.containsKey(type)) {
                unknownFields(JACKSON2.convertValue(o, STRIMZI.get(type)), type, problems);
            } else {
                Schema schema = schema(String.valueOf(o.get("apiVersion")).replaceAll("/.*", ""), String.valueOf(o.get("kind")));
                if (schema == null) {
                    problems.add(type + ": no model class and no schema: kind not known to the check");
                } else {
                    String json = JsonMapper.builder().build().writeValueAsString(o);
                    for (Error e : schema.validate(json, InputFormat.JSON)) {
                        problems.add(type + " " + e);
                    }
                }
            }
        } catch (RuntimeException e) {
            problems.add(type + ": " + e.getMessage());
        }
        // a property reachable through two getters is reported once
        return List.copyOf(new java.util.LinkedHashSet<>(problems));
    }

    private static synchronized Schema schema(String group, String kind) {
        return SCHEMAS.computeIfAbsent(group + "_" + kind, name -> {
            Object tree = yamlResource("/k8s-schemas/" + name + ".yaml");
            if (tree == null) {
                return null;
            }
            Object metadata = yamlResource("/k8s-schemas/_metadata.yaml");
            Object resolved = inline(tree, metadata);
            String json = JsonMapper.builder().build().writeValueAsString(resolved);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(json, InputFormat.JSON);
        });
    }

    private static Object yamlResource(String path) {
        try (InputStream in = ModelCheck.class.getResourceAsStream(path)) {
            return in == null ? null : new Yaml().load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Replaces {@code $ref: metadata.json} by the metadata schema (the only reference used). */
    private static Object inline(Object node, Object metadata) {
        if (node instanceof Map<?, ?> m) {
            if ("metadata.json".equals(m.get("$ref"))) {
                return metadata;
            }
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, inline(v, metadata)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(x -> inline(x, metadata)).toList();
        }
        return node;
    }

    /** Walks a model object: every additionalProperties map in it must be empty. */
    static void unknownFields(Object node, String path, List<String> problems) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?>) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) {
                unknownFields(x, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.getName();
            if (!(name.startsWith("get") || name.startsWith("is")) || name.equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            PresentInVersions versions = m.getAnnotation(PresentInVersions.class);
            if (versions != null && !presentInV1(versions.value()) && value != null
                    && !(value instanceof Collection<?> c && c.isEmpty()) && !(value instanceof Map<?, ?> mm && mm.isEmpty())) {
                problems.add(path + "." + property(name) + ": not in kafka.strimzi.io/v1 (only " + versions.value() + ")");
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else if (path.length() < 2_000) {
                unknownFields(value, path + "." + property(name), problems);
            }
        }
    }

    private static final List<String> STRIMZI_VERSIONS = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");

    /** Strimzi's version ranges: "v1+", "v1alpha1-v1beta2", "v1beta2", comma-separated. */
    static boolean presentInV1(String ranges) {
        int v1 = STRIMZI_VERSIONS.indexOf("v1");
        for (String range : ranges.split(",")) {
            String r = range.trim();
            if (r.endsWith("+")) {
                if (STRIMZI_VERSIONS.indexOf(r.substring(0, r.length() - 1)) <= v1) {
                    return true;
                }
            } else if (r.contains("-")) {
                String[] ends = r.split("-");
                if (STRIMZI_VERSIONS.indexOf(ends[0]) <= v1 && STRIMZI_VERSIONS.indexOf(ends[1]) >= v1) {
                    return true;
                }
            } else if (r.equals("v1")) {
                return true;
            }
        }
        return false;
    }

    private static String property(String getter) {
        String p = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
        return p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }
}
