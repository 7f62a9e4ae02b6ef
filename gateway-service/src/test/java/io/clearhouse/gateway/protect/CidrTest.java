package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void matchesIpv4AndIpv6Networks() {
        assertThat(Cidr.parse("10.0.0.0/8").contains("10.255.1.2")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db9::5")).isFalse();
        assertThat(Cidr.parse("192.0.2.7").contains("192.0.2.7")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("::1")).isFalse();
    }

    @Test
    void refusesHostNamesAndBadPrefixes() {
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        List<Cidr> proxies = List.of(Cidr.parse("10.0.0.0/8"));
        assertThat(SourceAddress.resolve("203.0.113.9", "198.51.100.1", proxies)).isEqualTo("203.0.113.9");
        assertThat(SourceAddress.resolve("10.0.0.2", "198.51.100.1", proxies)).isEqualTo("198.51.100.1");
        // the left-most entry is the client's own claim: the right-most untrusted hop wins
        assertThat(SourceAddress.resolve("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", proxies))
                .isEqualTo("198.51.100.1");
    }
}
