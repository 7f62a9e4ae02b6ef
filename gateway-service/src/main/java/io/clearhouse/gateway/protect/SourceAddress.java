package io.clearhouse.gateway.protect;

import java.util.List;

/**
 * The address a request really comes from. {@code X-Forwarded-For} is believed only when the
 * connection comes from a trusted proxy; then the right-most address that is not itself a trusted
 * proxy is the client (entries further left could have been written by the client).
 */
public final class SourceAddress {

    private SourceAddress() {
    }

    public static String resolve(String remote, String forwardedFor, List<Cidr> trustedProxies) {
        if (remote == null) {
            return "unknown";
        }
        if (forwardedFor == null || forwardedFor.isBlank() || !trusted(remote, trustedProxies)) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (Cidr.literalOrNull(hop) == null) {
                // garbage in the chain: stop believing it, keep the last trustworthy hop
                return i == hops.length - 1 ? remote : hops[i + 1].trim();
            }
            if (!trusted(hop, trustedProxies)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    private static boolean trusted(String address, List<Cidr> proxies) {
        byte[] bytes = Cidr.literalOrNull(address);
        return bytes != null && proxies.stream().anyMatch(c -> c.contains(bytes));
    }
}
