package io.clearhouse.launcher.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every PromQL expression the operators rely on: the alert rules' and the dashboards' panels' and variables'. */
public final class PromQlSources {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PromQlSources() {
    }

    /** An expression and where it comes from (alert name, or dashboard / panel title). */
    public record Expression(String where, String promql) {
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rules(String alertsYaml) {
        Map<String, Object> root = new Yaml().load(alertsYaml);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    public static List<String> alertNames(String alertsYaml) {
        return rules(alertsYaml).stream().filter(r -> r.containsKey("alert")).map(r -> (String) r.get("alert")).toList();
    }

    public static List<Expression> alertExpressions(Path alertsYml) throws IOException {
        List<Expression> out = new ArrayList<>();
        for (Map<String, Object> r : rules(Files.readString(alertsYml))) {
            String name = r.containsKey("alert") ? "alert " + r.get("alert") : "record " + r.get("record");
            out.add(new Expression(name, String.valueOf(r.get("expr")).trim()));
        }
        return out;
    }

    public static List<Path> dashboards(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    public static JsonNode read(Path dashboard) throws IOException {
        return JSON.readTree(Files.readString(dashboard));
    }

    /** The panels of a dashboard, rows' nested panels included. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            for (JsonNode nested : p.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    /** Panel targets' {@code expr} and query variables' {@code query} (as Grafana stores them). */
    public static List<Expression> dashboardExpressions(Path dashboard) throws IOException {
        JsonNode d = read(dashboard);
        String title = d.path("title").asString();
        List<Expression> out = new ArrayList<>();
        for (JsonNode panel : panels(d)) {
            for (JsonNode t : panel.path("targets")) {
                if (t.hasNonNull("expr")) {
                    out.add(new Expression(title + " / " + panel.path("title").asString(), t.get("expr").asString()));
                }
            }
        }
        for (JsonNode v : d.path("templating").path("list")) {
            if ("query".equals(v.path("type").asString())) {
                JsonNode q = v.path("query");
                String query = q.isObject() ? q.path("query").asString() : q.asString();
                out.add(new Expression(title + " / variable " + v.path("name").asString(), query));
            }
        }
        return out;
    }

    /** Grafana variables and ranges replaced by what a user sees with every value selected. */
    public static Map<String, String> grafanaDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("$__rate_interval", "1m");
        m.put("$__interval", "30s");
        m.put("$__range", "1h");
        for (String v : List.of("provider", "brand", "currency", "game_type", "service")) {
            m.put("${" + v + ":regex}", ".*");
            m.put("${" + v + "}", ".*");
            m.put("$" + v, ".*");
        }
        return m;
    }

    public static String substituteGrafana(String promql) {
        String q = promql;
        for (Map.Entry<String, String> e : grafanaDefaults().entrySet()) {
            q = q.replace(e.getKey(), e.getValue());
        }
        return q;
    }

    /**
     * {@code label_values(metric{...}, label)} (a variable's query) as the PromQL Grafana asks about: the
     * metric selector itself.
     */
    public static String variableQueryAsPromQl(String query) {
        String q = query.trim();
        if (q.startsWith("label_values(")) {
            String inner = q.substring("label_values(".length(), q.length() - 1);
            int comma = inner.lastIndexOf(',');
            return comma < 0 ? inner : inner.substring(0, comma).trim();
        }
        return q;
    }

    /**
     * The expression with {@code bool} after every comparison at the top level, so that a rule returns its
     * series whatever their value: the series that would be compared exist, which is what a rule needs to
     * ever fire ({@code up == 0} answers nothing while every service is up; {@code up == bool 0} answers
     * a 0 per target). Comparisons inside parentheses, braces (label matchers) and quotes are left alone.
     */
    public static String withBoolComparisons(String promql) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < promql.length(); i++) {
            char c = promql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < promql.length()) {
                    out.append(promql.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '(', '{', '[' -> depth++;
                case ')', '}', ']' -> depth--;
                default -> {
                }
            }
            if (depth == 0 && (c == '>' || c == '<' || c == '=' || c == '!')) {
                String two = i + 1 < promql.length() ? promql.substring(i, i + 2) : "";
                String op = switch (two) {
                    case ">=", "<=", "==", "!=" -> two;
                    default -> (c == '>' || c == '<') ? String.valueOf(c) : null;
                };
                if (op != null) {
                    out.append(op).append(" bool");
                    i += op.length() - 1;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
