package dev.wroustr.internal.netty;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The proxies whose {@code Forwarded} and {@code X-Forwarded-For} headers name the client: IP
 * addresses and CIDR blocks. Behind them the client is the nearest address, reading the
 * headers from the right, that is not itself a trusted proxy; a header from anyone else is
 * ignored, so a client cannot choose the address it is counted under.
 */
public final class TrustedProxies {
    /** Trusts no one: the peer's address is the client's. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) return false;
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) return false;
            }
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses addresses and blocks such as {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming the first that is not an IP literal or block
     */
    public static TrustedProxies of(String... proxies) {
        Objects.requireNonNull(proxies, "proxies");
        List<Block> blocks = new ArrayList<>();
        for (String proxy : proxies) {
            Objects.requireNonNull(proxy, "proxy");
            int slash = proxy.indexOf('/');
            byte[] address = literal(slash < 0 ? proxy : proxy.substring(0, slash));
            int bits = address == null ? -1 : address.length * 8;
            if (address != null && slash >= 0) {
                try {
                    bits = Integer.parseInt(proxy.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
            }
            if (address == null || bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("not an IP address or CIDR block (such as 10.0.0.0/8): \"" + proxy + "\"");
            }
            blocks.add(new Block(address, bits));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block block : blocks) {
            if (block.contains(bytes)) return true;
        }
        return false;
    }

    /**
     * The client behind {@code peer}: {@code peer} itself unless it is trusted, else the hop its
     * headers name, and so on leftwards while the hop is trusted. A hop that is not an address
     * ("unknown", an obfuscated name) stops the walk at the proxy that wrote it.
     */
    InetSocketAddress client(InetSocketAddress socketPeer, HttpHeaders headers) {
        InetSocketAddress peer = unmapped(socketPeer);
        if (blocks.isEmpty() || !trusts(peer.getAddress())) return peer;
        List<String> hops = hops(headers);
        InetSocketAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && trusts(client.getAddress()); i--) {
            InetSocketAddress hop = hop(hops.get(i));
            if (hop == null) break;
            client = hop;
        }
        return client;
    }

    /**
     * {@code address} with an IPv4 address as IPv4: a dual-stack socket reports an IPv4 peer as
     * {@code ::ffff:a.b.c.d}, which would neither count as its IPv4 self nor be loopback.
     */
    static InetSocketAddress unmapped(InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet6Address)) return address;
        byte[] bytes = address.getAddress().getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) return address;
        }
        if (bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) return address;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)), address.getPort());
        } catch (UnknownHostException e) {
            return address; // cannot happen: four bytes
        }
    }

    /** The hops the headers list, the client first: from {@code Forwarded} (RFC 7239) if present, else {@code X-Forwarded-For}. */
    private static List<String> hops(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        List<String> forwarded = headers.getAll("Forwarded");
        if (!forwarded.isEmpty()) {
            for (String line : forwarded) {
                for (String element : line.split(",")) {
                    String hop = "";
                    for (String pair : element.split(";")) {
                        String trimmed = pair.trim();
                        if (trimmed.regionMatches(true, 0, "for=", 0, 4)) hop = trimmed.substring(4);
                    }
                    hops.add(hop);
                }
            }
            return hops;
        }
        for (String line : headers.getAll("X-Forwarded-For")) {
            for (String hop : line.split(",")) hops.add(hop.trim());
        }
        return hops;
    }

    /** One hop as written: {@code 192.0.2.1}, {@code "[2001:db8::1]:4711"}, {@code 192.0.2.1:80}; null if none of those. */
    static InetSocketAddress hop(String text) {
        String hop = text.trim();
        if (hop.length() >= 2 && hop.startsWith("\"") && hop.endsWith("\"")) hop = hop.substring(1, hop.length() - 1);
        int port = 0;
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            if (close < 0) return null;
            String after = hop.substring(close + 1);
            hop = hop.substring(1, close);
            if (after.startsWith(":")) port = port(after.substring(1));
            else if (!after.isEmpty()) return null;
        } else if (hop.indexOf(':') == hop.lastIndexOf(':') && hop.indexOf(':') > 0) {
            port = port(hop.substring(hop.indexOf(':') + 1));
            hop = hop.substring(0, hop.indexOf(':'));
        }
        byte[] address = literal(hop);
        if (address == null || port < 0) return null;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            return null; // cannot happen: the length was checked
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return 0; // RFC 7239 allows obfuscated ports: the address still counts
        }
    }

    /** The bytes of an IP literal, or null; never a DNS lookup. */
    private static byte[] literal(String text) {
        return NetUtil.createByteArrayFromIpAddressString(text);
    }
}
