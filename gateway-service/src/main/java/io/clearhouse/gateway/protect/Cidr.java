package io.clearhouse.gateway.protect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is /32 or /128. */
public record Cidr(byte[] network, int prefix, String text) {

    /** Literal addresses only: never a host name, so parsing never touches DNS. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a CIDR is required");
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address);
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix out of range in " + text);
        }
        return new Cidr(mask(bytes, prefix), prefix, s);
    }

    /** Parses a literal IPv4 or IPv6 address; null when it is not one. */
    public static byte[] literalOrNull(String address) {
        try {
            return literal(address);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(address, prefix), network);
    }

    public boolean contains(String address) {
        return contains(literalOrNull(address));
    }

    private static byte[] literal(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (a.isEmpty() || !LITERAL.matcher(a).matches()) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        try {
            byte[] bytes = InetAddress.getByName(a).getAddress();
            // an IPv4-mapped IPv6 address is its IPv4 address (Java already folds ::ffff:a.b.c.d)
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }
}
