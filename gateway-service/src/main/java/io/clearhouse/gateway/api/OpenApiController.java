package io.clearhouse.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI description of the provider and finance APIs ({@code docs/openapi/clearhouse.yaml},
 * copied onto the classpath by the build), without a token: it describes how to get one, and holds
 * nothing a caller could not learn from the README.
 */
@RestController
class OpenApiController {

    static final String PATH = "/v1/openapi.yaml";
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final byte[] document;

    OpenApiController() {
        try (InputStream in = new ClassPathResource("openapi/clearhouse.yaml").getInputStream()) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("openapi/clearhouse.yaml missing from the gateway's classpath", e);
        }
    }

    @GetMapping(PATH)
    ResponseEntity<byte[]> openApi() {
        return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES))
                .body(document);
    }
}
