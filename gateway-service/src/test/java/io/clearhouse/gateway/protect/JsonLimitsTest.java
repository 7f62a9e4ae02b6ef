package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.clearhouse.gateway.web.FieldError;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class JsonLimitsTest {

    private final JsonLimits limits = new JsonLimits(new ProtectionProperties(List.of(), DataSize.ofMegabytes(2),
            DataSize.ofGigabytes(1), "", DataSize.ofMegabytes(512), Duration.ofSeconds(300), 4, 10, List.of(),
            DataSize.ofGigabytes(4), 2, null));

    private Refusal refused(String json) {
        return catchThrowableOfType(Refusal.class, () -> limits.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptsJsonWithinTheLimits() {
        assertThat(limits.read("[{\"a\":[\"0123456789\"]}]".getBytes(StandardCharsets.UTF_8)).get(0).get("a").size())
                .isEqualTo(1);
    }

    @Test
    void namesTheFieldWhoseStringIsTooLong() {
        Refusal r = refused("[{\"a\":\"ok\"},{\"b\":\"x\",\"roundId\":\"01234567890\"}]");
        assertThat(r.type()).isEqualTo(Problems.REQUEST_LIMITS);
        assertThat(r.errors()).containsExactly(new FieldError("[1].roundId", "longer than 10 characters"));
        assertThat(refused("{\"roundId\":\"01234567890\"}").errors())
                .extracting(FieldError::field).containsExactly("roundId");
    }

    @Test
    void namesWhereTheNestingIsTooDeep() {
        Refusal r = refused("[{\"a\":[[[1]]]}]");
        assertThat(r.type()).isEqualTo(Problems.REQUEST_LIMITS);
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).field()).startsWith("[0].a");
        assertThat(r.errors().get(0).message()).isEqualTo("nested deeper than 4 levels");
    }
}
