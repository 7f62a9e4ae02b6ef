package io.clearhouse.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a service's Spring test context at the shared {@link TestInfrastructure}. Use from a
 * {@code @DynamicPropertySource} method: {@code ServiceTestSupport.register(registry, "ingest")}.
 */
public final class ServiceTestSupport {

    private ServiceTestSupport() {
    }

    public static void register(DynamicPropertyRegistry registry, String service) {
        TestInfrastructure.get().springProperties(service).forEach((k, v) -> registry.add(k, () -> v));
    }
}
