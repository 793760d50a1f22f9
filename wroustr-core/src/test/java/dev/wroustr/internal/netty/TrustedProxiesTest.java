package dev.wroustr.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Which hop of Forwarded / X-Forwarded-For is the client, and who is trusted to say so. */
class TrustedProxiesTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.2", 40000);

    private static String client(TrustedProxies proxies, InetSocketAddress peer, String name, String value) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (name != null) headers.add(name, value);
        return proxies.client(peer, headers).getAddress().getHostAddress();
    }

    @Test
    void theNearestHopThatIsNotATrustedProxyIsTheClient() {
        TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8", "192.168.1.1");
        // A client may write anything leftmost: only the hops trusted proxies added count.
        assertThat(client(proxies, PROXY, "X-Forwarded-For", "6.6.6.6, 203.0.113.5, 192.168.1.1")).isEqualTo("203.0.113.5");
        assertThat(client(proxies, PROXY, "Forwarded", "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(client(proxies, PROXY, "X-Forwarded-For", "203.0.113.5:1234")).isEqualTo("203.0.113.5");
        // No header, or one that names no address: the proxy itself.
        assertThat(client(proxies, PROXY, null, null)).isEqualTo("10.0.0.2");
        assertThat(client(proxies, PROXY, "Forwarded", "for=unknown")).isEqualTo("10.0.0.2");
        // Every hop trusted: the leftmost.
        assertThat(client(proxies, PROXY, "X-Forwarded-For", "10.9.9.9, 192.168.1.1")).isEqualTo("10.9.9.9");
    }

    @Test
    void aPeerNotTrustedIsTheClientWhateverItsHeadersSay() {
        InetSocketAddress stranger = new InetSocketAddress("198.51.100.1", 5555);
        assertThat(client(TrustedProxies.of("10.0.0.0/8"), stranger, "X-Forwarded-For", "203.0.113.5")).isEqualTo("198.51.100.1");
        assertThat(client(TrustedProxies.NONE, PROXY, "X-Forwarded-For", "203.0.113.5")).isEqualTo("10.0.0.2");
        assertThat(client(TrustedProxies.of("10.0.0.2/32"), PROXY, "X-Forwarded-For", "203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(client(TrustedProxies.of("10.0.0.3/32"), PROXY, "X-Forwarded-For", "203.0.113.5")).isEqualTo("10.0.0.2");
    }

    @Test
    void anIpv4PeerOfADualStackSocketIsItsIpv4Self() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 127;
        mapped[15] = 1;
        InetSocketAddress peer = new InetSocketAddress(java.net.Inet6Address.getByAddress(null, mapped, -1), 5000);
        InetSocketAddress client = TrustedProxies.NONE.client(peer, new DefaultHttpHeaders());
        assertThat(client.getAddress()).isInstanceOf(java.net.Inet4Address.class);
        assertThat(client.getAddress().isLoopbackAddress()).isTrue();
        assertThat(client.getPort()).isEqualTo(5000);
        assertThat(client(TrustedProxies.of("127.0.0.1"), peer, "X-Forwarded-For", "203.0.113.5")).isEqualTo("203.0.113.5");
    }

    @Test
    void entriesThatAreNotAddressesOrBlocksFailNamingThem() {
        for (String bad : new String[] {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "", "::1/129"}) {
            assertThatThrownBy(() -> TrustedProxies.of(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + bad + "\"");
        }
        assertThat(TrustedProxies.of("::1", "fd00::/8", "0.0.0.0/0").isEmpty()).isFalse();
    }
}
