package io.renvoi.common.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.http.conn.DnsResolver;

/**
 * The only name resolution the fetcher's HTTP client performs. Apache HttpClient connects to exactly the
 * {@link InetAddress} objects this resolver returns (it never resolves the host again), so checking them
 * here against the {@link AddressPolicy} checks the address actually connected to: a DNS answer that
 * changes between a check and the connect (DNS rebinding) cannot slip through, because there is no second
 * lookup. TLS still uses the host name for SNI and certificate checks. Literal IPs pass through here too.
 */
final class CheckedDnsResolver implements DnsResolver {
    /** A resolved address that the policy refuses; a subtype so the client surfaces it unchanged. */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String message) {
            super(message);
        }
    }

    private final AddressPolicy policy;

    CheckedDnsResolver(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(bare);
        if (policy.isAllowedHost(bare)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            // Any refused address refuses the host: connecting to the "good" one only would let an attacker
            // who controls the DNS answer pick which one is used on retries.
            String refusal = policy.refusal(address);
            if (refusal != null) {
                throw new RefusedAddressException(refusal);
            }
        }
        return addresses;
    }
}
