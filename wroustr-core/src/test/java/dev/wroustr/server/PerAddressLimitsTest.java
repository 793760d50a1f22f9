package dev.wroustr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.testing.Bystander;
import dev.wroustr.testing.RawWebSocket;
import dev.wroustr.testing.Recorder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Open connections and handshakes a second per client address, over raw sockets: the client
 * address named by a trusted proxy's headers (the test's own 127.0.0.1 acting as the proxy),
 * the peer's otherwise, and loopback never limited.
 */
@Timeout(20)
class PerAddressLimitsTest {
    private final Recorder<String> limited = new Recorder<>();
    private final Recorder<InetSocketAddress> seen = new Recorder<>();

    private Server<Void> server() {
        var server = new Server<Void>("127.0.0.1:0", null)
                .handshakeCheck((request, state) -> {
                    seen.add(request.remoteAddress());
                    return HandshakeResult.accept();
                })
                .metrics(new ServerMetrics() {
                    @Override
                    public void handshakeRateLimited() {
                        limited.add("handshakes");
                    }

                    @Override
                    public void connectionsPerAddressLimited() {
                        limited.add("connections");
                    }
                });
        return Bystander.echoRoute(server);
    }

    /** Sends an upgrade request with {@code extraHeaders}; returns the socket and the status it got. */
    private static RawWebSocket upgrade(RunningServer running, String extraHeaders, List<Integer> statuses) throws IOException {
        RawWebSocket raw = RawWebSocket.open(running.uri());
        raw.writeRaw(RawWebSocket.upgradeRequest(running.uri()).replace("\r\n\r\n", "\r\n" + extraHeaders + "\r\n"));
        statuses.add(raw.readStatus());
        return raw;
    }

    @Test
    void clientNamedByATrustedProxyIsLimitedInOpenConnectionsAndGetsASlotBackOnClose() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (RunningServer running = server().trustProxies("127.0.0.1").maxConnectionsPerAddress(2).start();
             Bystander bystander = Bystander.connect(running.uri());
             RawWebSocket first = upgrade(running, "X-Forwarded-For: 203.0.113.7\r\n", statuses);
             RawWebSocket second = upgrade(running, "X-Forwarded-For: 10.1.1.1, 203.0.113.7\r\n", statuses)) {
            try (RawWebSocket third = upgrade(running, "Forwarded: for=203.0.113.7;proto=http\r\n", statuses)) {
                assertThat(statuses).containsExactly(101, 101, 429);
            }
            assertThat(limited.take()).isEqualTo("connections");
            // Another client behind the same proxy is counted on its own.
            try (RawWebSocket other = upgrade(running, "X-Forwarded-For: 203.0.113.8\r\n", statuses)) {
                assertThat(statuses).endsWith(101);
            }
            assertThat(seen.take().getAddress().isLoopbackAddress()).as("the bystander, with no header").isTrue();
            assertThat(seen.take().getAddress().getHostAddress()).isEqualTo("203.0.113.7");
            first.close();
            // The slot comes back as the server sees the close: ask until it has.
            int status;
            do {
                try (RawWebSocket again = upgrade(running, "X-Forwarded-For: 203.0.113.7\r\n", statuses)) {
                    status = statuses.get(statuses.size() - 1);
                }
            } while (status == 429);
            assertThat(status).isEqualTo(101);
            bystander.assertCarriesOn();
        }
    }

    @Test
    void handshakesPastTheRateOfOneAddressGet429() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (RunningServer running = server().trustProxies("127.0.0.0/8").maxHandshakesPerSecondPerAddress(2).start();
             Bystander bystander = Bystander.connect(running.uri())) {
            for (int i = 0; i < 3; i++) {
                upgrade(running, "X-Forwarded-For: [2001:db8:1:2::5]\r\n", statuses).close();
            }
            // Two a second, three at once: the third is one too many (unless a whole second passed).
            assertThat(statuses).startsWith(101, 101);
            if (statuses.get(2) == 429) assertThat(limited.take()).isEqualTo("handshakes");
            // Another address of the same /64 shares the bucket; another /64 does not.
            try (RawWebSocket other = upgrade(running, "X-Forwarded-For: 2001:db8:1:3::5\r\n", statuses)) {
                assertThat(statuses).endsWith(101);
            }
            int sameSlash64 = 0;
            for (int i = 0; i < 3; i++) {
                upgrade(running, "X-Forwarded-For: 2001:db8:1:2::99\r\n", statuses).close();
                if (statuses.get(statuses.size() - 1) == 429) sameSlash64++;
            }
            assertThat(sameSlash64).isPositive();
            bystander.assertCarriesOn();
        }
    }

    @Test
    void forwardedHeadersFromAPeerNotTrustedAreIgnoredAndLoopbackIsNotLimited() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (RunningServer running = server().maxConnectionsPerAddress(1).maxHandshakesPerSecondPerAddress(1).start();
             Bystander bystander = Bystander.connect(running.uri());
             RawWebSocket first = upgrade(running, "X-Forwarded-For: 203.0.113.9\r\n", statuses);
             RawWebSocket second = upgrade(running, "X-Forwarded-For: 203.0.113.9\r\n", statuses);
             RawWebSocket third = upgrade(running, "", statuses)) {
            assertThat(statuses).containsExactly(101, 101, 101);
            seen.take(); // the bystander's
            assertThat(seen.take().getAddress().isLoopbackAddress()).isTrue();
            bystander.assertCarriesOn();
        }
    }
}
