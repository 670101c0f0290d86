package io.renvoi.common.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides which addresses the platform may connect to: public unicast only, unless an operator
 * allow-lists a CIDR range or a host name. Loopback, private, link-local (cloud metadata), CGNAT,
 * multicast, unspecified and IPv6 unique-local addresses are refused, including IPv4-mapped, IPv4-compatible
 * and NAT64 (64:ff9b::/96) IPv6 forms of them; the IPv6 transition ranges that can tunnel to any IPv4 address
 * (6to4 2002::/16, Teredo 2001::/32, local-use NAT64 64:ff9b:1::/48) are refused whole, as the deployment's
 * egress NetworkPolicy does.
 */
public final class AddressPolicy {
    private final List<Cidr> allowedRanges = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    /**
     * @param allowList CIDRs ({@code 127.0.0.1/32}, {@code ::1/128}) or host names that are allowed even
     *     though they are not public
     */
    public AddressPolicy(List<String> allowList) {
        for (String entry : allowList) {
            String e = entry.strip();
            if (e.isEmpty()) continue;
            if (e.contains("/")) {
                allowedRanges.add(Cidr.parse(e));
            } else if (Character.isDigit(e.charAt(0)) || e.contains(":")) {
                allowedRanges.add(Cidr.parse(e + (e.contains(":") ? "/128" : "/32")));
            } else {
                allowedHosts.add(e.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** A policy that allows public addresses only. */
    public static AddressPolicy publicOnly() {
        return new AddressPolicy(List.of());
    }

    public boolean isAllowedHost(String host) {
        return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Null when the address may be connected to, else the reason it may not. */
    public String refusal(InetAddress address) {
        for (Cidr range : allowedRanges) {
            if (range.contains(address)) return null;
        }
        String kind = classify(address);
        return kind == null ? null : kind + " address " + address.getHostAddress() + " is not allowed";
    }

    /** The kind of non-public address this is, or null for a public unicast address. */
    public static String classify(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isAnyLocalAddress()) return "unspecified";
        if (a.isLoopbackAddress()) return "loopback";
        if (a.isLinkLocalAddress()) return "link-local";
        if (a.isSiteLocalAddress()) return "private";
        if (a.isMulticastAddress()) return "multicast";
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) return "unspecified";
            if (first == 100 && second >= 64 && second < 128) return "carrier-grade NAT";
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) return "reserved";
            if (first >= 240) return "reserved";
            if (first == 198 && (second == 18 || second == 19)) return "benchmarking";
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return "unique-local";
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local";
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) return "6to4";
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) return "Teredo";
            if (nat64(b) && b[4] == 0 && (b[5] & 0xff) == 1) return "local-use NAT64";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 (64:ff9b::/96) address, else the address. */
    static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean zeros = true;
            for (int i = 0; i < 10; i++) zeros &= b[i] == 0;
            boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = zeros && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
            boolean wellKnownNat64 = nat64(b);
            for (int i = 4; i < 12; i++) wellKnownNat64 &= b[i] == 0;
            if (mapped || compatible || wellKnownNat64) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    /** In 64:ff9b::/32, the prefix of both NAT64 ranges. */
    private static boolean nat64(byte[] b) {
        return b.length == 16 && b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    }

    /** An address range in CIDR notation. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                byte[] net = InetAddress.getByName(text.substring(0, slash)).getAddress();
                int prefix = Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > net.length * 8) throw new IllegalArgumentException("bad prefix in " + text);
                return new Cidr(net, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = unmapped(address).getAddress();
            if (a.length != network.length) return false;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
