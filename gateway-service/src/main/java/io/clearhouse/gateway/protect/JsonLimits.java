package io.clearhouse.gateway.protect;

import io.clearhouse.gateway.web.FieldError;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
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
    private final int maxDepth;
    private final int maxStringLength;

    public JsonLimits(ProtectionProperties properties) {
        this.maxDepth = properties.maxJsonDepth();
        this.maxStringLength = properties.maxStringLength();
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(properties.maxJsonDepth())
                .maxStringLength(properties.maxStringLength())
                .maxNameLength(properties.maxStringLength())
                .build();
        this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
    }

    /**
     * Parses, or throws a 400 {@link Problems#REQUEST_LIMITS} refusal naming where the limit was
     * passed (in the gateway's field notation, {@code [3].playerRef}); other JSON faults propagate.
     */
    public JsonNode read(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new Refusal(HttpStatus.BAD_REQUEST, Problems.REQUEST_LIMITS, "Request limits exceeded",
                    "the JSON body is nested deeper than " + maxDepth + " levels or holds a string longer than "
                            + maxStringLength + " characters", List.of(locate(body)));
        }
    }

    /** Streams the refused body again (only on refusal) to the token where the limit is passed. */
    private FieldError locate(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            try {
                while (parser.nextToken() != null) {
                    if (parser.currentToken().isScalarValue() || parser.currentToken() == JsonToken.PROPERTY_NAME) {
                        parser.getString(); // the string length check runs when the value is read
                    }
                }
            } catch (StreamConstraintsException e) {
                String limit = e.getOriginalMessage();
                return new FieldError(field(parser.streamReadContext()), limit.contains("nesting depth")
                        ? "nested deeper than " + maxDepth + " levels"
                        : limit.startsWith("Number") ? "a number with too many digits"
                        : "longer than " + maxStringLength + " characters");
            }
        }
        return new FieldError("body", "exceeds the JSON depth or string length limits");
    }

    /** {@code [0].roundId} for the context of a value; {@code body} at the root. */
    static String field(TokenStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.currentName() != null) {
                path.insert(0, "." + c.currentName());
            }
        }
        if (path.isEmpty()) {
            return "body";
        }
        return path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    static void keep(ServerWebExchange exchange, JsonNode node) {
        exchange.getAttributes().put(PARSED, node);
    }

    /** The body as the policy filter parsed it, or null. */
    public static JsonNode parsed(ServerWebExchange exchange) {
        return exchange.getAttribute(PARSED);
    }
}
