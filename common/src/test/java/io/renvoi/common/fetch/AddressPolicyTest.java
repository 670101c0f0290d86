package io.renvoi.common.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Classifies literal addresses only: nothing here connects anywhere. */
class AddressPolicyTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.3.4.5",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "224.0.0.1",
                "::1",
                "::",
                "fd00::1",
                "fe80::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
                "64:ff9b::7f00:1", // NAT64 of 127.0.0.1
                "64:ff9b:1::5db8:d822", // local-use NAT64, whatever it embeds
                "2002:a9fe:a9fe::1", // 6to4 of 169.254.169.254
                "2002:5db8:d822::1", // 6to4 of a public address: refused whole, as the egress policy does
                "2001:0:4136:e378:8000:63bf:3fff:fdd2" // Teredo
            })
    void refusesNonPublicAddresses(String literal) throws Exception {
        assertThat(AddressPolicy.publicOnly().refusal(InetAddress.getByName(literal)))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "8.8.8.8",
                "172.32.0.1",
                "2606:2800:220:1::1",
                "::ffff:93.184.216.34",
                "64:ff9b::5db8:d822" // NAT64 of 93.184.216.34: an IPv6-only network's way to a public IPv4 host
            })
    void allowsPublicAddresses(String literal) throws Exception {
        assertThat(AddressPolicy.publicOnly().refusal(InetAddress.getByName(literal)))
                .isNull();
    }

    @Test
    void allowListOpensExactlyItsRange() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("127.0.0.2/32"));
        assertThat(policy.refusal(InetAddress.getByName("127.0.0.2"))).isNull();
        assertThat(policy.refusal(InetAddress.getByName("127.0.0.1"))).contains("loopback");
        assertThat(policy.refusal(InetAddress.getByName("::1"))).contains("loopback");
    }
}
