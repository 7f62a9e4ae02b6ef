package io.clearhouse.common.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void sortsKeysOmitsNullsAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 2L);
        m.put("a", "x\"y\n");
        m.put("c", null);
        m.put("d", List.of(true, 1));
        assertThat(CanonicalJson.write(m)).isEqualTo("{\"a\":\"x\\\"y\\n\",\"b\":2,\"d\":[true,1]}");
    }

    @Test
    void insertionOrderDoesNotChangeTheText() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("x", 1L);
        one.put("y", "2");
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("y", "2");
        two.put("x", 1L);
        assertThat(CanonicalJson.write(one)).isEqualTo(CanonicalJson.write(two));
    }
}
