package io.clearhouse.gateway.protect;

import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request JSON within bounds (nesting depth, string length) so that a hostile body cannot
 * cost unbounded memory or stack. A body already parsed by the policy filter is kept on the
 * exchange so that the handler does not parse it twice.
 */
@Component
public class JsonLimits {

    private static final String PARSED = JsonLimits.class.getName() + ".parsed";

    private final JsonMapper mapper;

    public JsonLimits(ProtectionProperties properties) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(properties.maxJsonDepth())
                .maxStringLength(properties.maxStringLength())
                .maxNameLength(properties.maxStringLength())
                .build();
        this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
    }

    /** Parses, or throws a 400 {@link Problems#REQUEST_LIMITS} refusal; other JSON faults propagate. */
    public JsonNode read(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new Refusal(HttpStatus.BAD_REQUEST, Problems.REQUEST_LIMITS, "Request limits exceeded",
                    "the JSON body is nested too deep or holds a string that is too long");
        }
    }

    static void keep(ServerWebExchange exchange, JsonNode node) {
        exchange.getAttributes().put(PARSED, node);
    }

    /** The body as the policy filter parsed it, or null. */
    public static JsonNode parsed(ServerWebExchange exchange) {
        return exchange.getAttribute(PARSED);
    }
}
