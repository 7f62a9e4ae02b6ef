package io.clearhouse.ingest;

import tools.jackson.databind.JsonNode;

/** JSON the way the gateway writes it (Jackson 3 defaults), for tests. */
public final class IngestStackJson {

    private IngestStackJson() {
    }

    public static byte[] write(Object value) {
        return IngestStack.JSON.writeValueAsBytes(value);
    }

    public static JsonNode read(byte[] bytes) {
        return IngestStack.JSON.readTree(bytes);
    }
}
