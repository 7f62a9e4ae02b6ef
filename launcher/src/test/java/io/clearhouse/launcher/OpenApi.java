package io.clearhouse.launcher;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The repository's OpenAPI 3.1 description read for tests: its operations, and a response body checked
 * against the schema the description gives for that operation, status and media type (JSON Schema
 * 2020-12, which OpenAPI 3.1 uses, by the networknt validator; {@code $ref}s resolve in the document).
 */
final class OpenApi {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    record Operation(String path, String method, List<String> roles, List<String> requiredQuery,
                     String requestContentType, Map<String, Object> responses) {
    }

    private final Map<String, Object> document;
    private final JsonMapper json = JsonMapper.builder().build();
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    OpenApi(String yaml) {
        this.document = new Yaml().load(yaml);
    }

    @SuppressWarnings("unchecked")
    List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> item.forEach((method, o) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            Map<String, Object> op = (Map<String, Object>) o;
            List<String> query = new ArrayList<>();
            for (Object p : (List<Object>) op.getOrDefault("parameters", List.of())) {
                Map<String, Object> param = (Map<String, Object>) p;
                if ("query".equals(param.get("in")) && Boolean.TRUE.equals(param.get("required"))) {
                    query.add((String) param.get("name"));
                }
            }
            String requestType = "";
            if (op.get("requestBody") instanceof Map<?, ?> rb && rb.get("content") instanceof Map<?, ?> content) {
                requestType = (String) content.keySet().iterator().next();
            }
            ops.add(new Operation(path, method, (List<String>) op.getOrDefault("x-clearhouse-roles", List.of()),
                    query, requestType, (Map<String, Object>) op.get("responses")));
        }));
        return ops;
    }

    /** The errors of {@code body} against the operation's schema for this status and media type (none: valid or undescribed). */
    @SuppressWarnings("unchecked")
    List<String> validate(Operation op, int status, String mediaType, String body) {
        Object response = op.responses().get(Integer.toString(status));
        if (response instanceof Map<?, ?> r && r.get("$ref") instanceof String ref) {
            response = resolve(ref);
        }
        if (!(response instanceof Map<?, ?> r) || !(r.get("content") instanceof Map<?, ?> content)
                || !(content.get(mediaType) instanceof Map<?, ?> media) || media.get("schema") == null) {
            return List.of();
        }
        // the whole description is the schema document, so that its #/components/... references resolve
        ObjectNode root = json.valueToTree(document);
        root.putObject("$defs").set("target", json.valueToTree(media.get("schema")));
        root.put("$ref", "#/$defs/target");
        Schema schema = schemas.getSchema(root);
        return schema.validate(body, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    @SuppressWarnings("unchecked")
    private Object resolve(String ref) {
        Object node = document;
        for (String part : ref.substring(2).split("/")) {
            node = ((Map<String, Object>) node).get(part.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }
}
