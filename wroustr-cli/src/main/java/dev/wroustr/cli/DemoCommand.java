package dev.wroustr.cli;

import dev.wroustr.Message;
import dev.wroustr.WroustrException;
import dev.wroustr.redis.RedisCluster;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wroustr demo}: runs {@link DemoServer} until interrupted (Ctrl-C). */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Runs a chat server to try wroustr with.",
        description = {
            "Runs a chat server with the routes below, and a chat page for browsers at",
            "http://HOST:PORT/, printing a line for each connect and disconnect. Stop it",
            "with Ctrl-C. Names are unique: a name taken already gets a suffix, 'bob (2)'.",
            "A client whose connection drops and that comes back within 2 minutes, from",
            "any address (a phone that switched networks), resumes its session (wroustr",
            "connect and the page do), nothing lost; with --redis, on any node, even when",
            "the node it left was killed.",
            "With --token-ttl, each connection's credentials expire: a client refreshes",
            "them in band (wroustr connect --token T does) or is closed with 3005",
            "'credentials expired'. With --tls, it serves wss:// (and its page over",
            "https://) with a PEM certificate chain and a PKCS#8 private key. Behind a",
            "proxy, --trust-proxy lets it read the client's address from the proxy's",
            "X-Forwarded-For or Forwarded header (docs/deploy.md). With --redis, demos on",
            "one Redis are one chat, and every count and list spans them."
        },
        footerHeading = "%nRoutes:%n",
        footer = {
            "  @PING                     -> @PONG",
            "  @ECHO #k v ...            -> @ECHO #k v ...             (the params it got)",
            "  @JOIN #name N             -> everyone: @JOINED #name N #uuid U",
            "                               (N with a suffix if taken: 'bob (2)')",
            "  (a joined user leaves)    -> everyone: @LEFT #name N #uuid U",
            "  @SAY #text T              -> everyone: @SAID #name N #text T",
            "  @WHO                      -> @USER #uuid U #name N   (each user, by name)",
            "                               then @USERS #count C #names '...'",
            "                               (at most 100 names, then #truncated true)",
            "  @DM #to UUID #text T      -> that client: @DM #from UUID #text T",
            "  @ROOM-JOIN #room R        -> @ROOM-JOINED #room R #members N",
            "                               (at most 64 rooms a connection)",
            "  @ROOM-LEAVE #room R       -> @ROOM-LEFT #room R",
            "  @ROOM-SAY #room R #text T -> the others in R: @ROOM-SAID #room R ...",
            "                               you: @ROOM-SENT #room R #count N",
            "                               (N: the others in R, on every node)",
            "  @ROOMS                    -> @ROOM #room R #members N   (each room)",
            "                               then @ROOMS #count C   (at most 100 rooms)",
            "  @TIME                     -> @TIME #now <epoch millis>   (best as a request)",
            "  a chat route too often    -> @LIMITED #route R    (per connection, a second:",
            "                               @SAY @DM @ROOM-SAY 10, @JOIN @WHO @ROOMS 5,",
            "                               @ROOM-JOIN @ROOM-LEAVE 20)",
            "  (--redis, --redis-cluster: Redis dropped the node's subscription, and it hears again)",
            "                            -> @MISSED #since MS #until MS",
            "  invalid text              -> @INVALID #error KIND #offset N",
            "  any other route           -> @UNKNOWN #route R",
            "",
            "Examples:",
            "  wroustr demo                          # ws://127.0.0.1:9000/",
            "  wroustr demo --host 0.0.0.0 --port 8080",
            "  wroustr demo --allow-origin https://chat.example.com  # its pages too",
            "  wroustr demo --token-ttl 30s          # credentials good for 30 s, refreshed in band",
            "  wroustr demo --tls fullchain.pem key.pem   # wss://127.0.0.1:9000/",
            "  wroustr demo --trust-proxy 127.0.0.1  # behind nginx on this machine",
            "  wroustr demo --redis redis://127.0.0.1:6379   # one node of a cluster on one Redis",
            "  wroustr demo --redis-cluster 127.0.0.1:7000,127.0.0.1:7001   # on a Redis Cluster",
            "  wroustr connect ws://localhost:9000   # in another terminal",
            "  wroustr connect ws://localhost:9000 --token t1   # refreshes before each expiry"
        })
final class DemoCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Terminal terminal;
    // The time of the event lines, made once a second rather than once a line: a server taking
    // thousands of connections a second prints a line for each.
    private volatile Stamp stamp;

    private record Stamp(long second, String text) {}

    @Spec CommandSpec spec;

    /** "HH:mm:ss" of now, styled for the terminal. */
    private String stamp() {
        long second = System.currentTimeMillis() / 1000;
        Stamp now = stamp;
        if (now == null || now.second() != second) {
            LocalTime time = LocalTime.ofInstant(java.time.Instant.ofEpochSecond(second), java.time.ZoneId.systemDefault());
            stamp = now = new Stamp(second, terminal.style("2", time.format(TIME)));
        }
        return now.text();
    }

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port = 9000;

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections open at once; past it, HTTP 503 (default: ${DEFAULT-VALUE}).")
    int maxConnections = 10_000;

    @Option(names = "--redis", paramLabel = "URI",
            description = "Run as one node of a cluster on this Redis (redis://HOST:PORT, or a master behind Sentinel: redis-sentinel://HOST:PORT,HOST:PORT#MASTER): demos on one Redis share chat, @DM, @WHO, rooms and their counts; it says which Redis it joined.")
    String redis;

    @Option(names = "--redis-cluster", paramLabel = "HOST:PORT,...",
            description = "Run as one node of a cluster on this Redis Cluster, given some of its nodes as seeds "
                + "(HOST:PORT,HOST:PORT): sends to a node and to rooms go over sharded pub/sub. Not with --redis. "
                + "With either, once a node hears again after Redis dropped its subscription, its clients get "
                + "@MISSED #since MS #until MS: what was sent to them meanwhile was lost.")
    String redisCluster;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Let pages of ORIGIN (e.g. https://chat.example.com) connect; repeatable; '*' for any page. "
                + "By default only the demo's own page (an Origin naming the host and port it was reached on) "
                + "and clients that send no Origin (not browsers) may connect: other sites get HTTP 403.")
    List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--token-ttl", paramLabel = "TIME", converter = Options.DurationConverter.class,
            description = "Give each connection credentials that expire TIME after its handshake (e.g. 30s, 2m). "
                + "A refresh with any token but 'revoked' makes them good for TIME more; without one, "
                + "the connection is closed with 3005 'credentials expired' 25 s after the expiry.")
    Duration tokenTtl;

    @Option(names = "--tls", arity = "2", paramLabel = "FILE",
            description = "Serve wss:// (and the page over https://) with the certificate chain in the first PEM file "
                + "and its private key (PKCS#8, '-----BEGIN PRIVATE KEY-----') in the second: --tls CERT KEY.")
    List<Path> tls;

    @Option(names = "--trust-proxy", paramLabel = "ADDRESS",
            description = "A proxy (IP address, or block such as 10.0.0.0/8) whose X-Forwarded-For or Forwarded header "
                + "names the client: the per-address limits count that client, and the connect and resume lines show it. "
                + "Repeatable. By default such headers are ignored and the peer's address is the client's.")
    List<String> trustProxies = new ArrayList<>();

    @Option(names = "--metrics", description = "Serve the server's metrics as Prometheus text at http://HOST:PORT/metrics.")
    boolean metrics;

    DemoCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535: " + port);
        }
        if (maxConnections < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-connections must be at least 1: " + maxConnections);
        }
        if (redis != null && redisCluster != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--redis and --redis-cluster: give one");
        }
        RedisCluster cluster = null;
        if (redis != null || redisCluster != null) {
            try {
                cluster = RedisCluster.connect(redis != null ? redis : "redis-cluster://" + redisCluster);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (tokenTtl != null && (tokenTtl.isZero() || tokenTtl.isNegative())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token-ttl must be positive: " + tokenTtl);
        }
        java.util.function.Consumer<String> events = line -> terminal.out.println(stamp() + "  " + line);
        if (cluster != null) {
            // Nothing in Redis keeps what pub/sub lost while this node could not hear: its clients are told.
            cluster.onSubscriptionGap(gap -> {
                int told = gap.tell(Message.route("@MISSED").param("since", gap.cut().toEpochMilli()).param("until", gap.back().toEpochMilli()));
                events.accept("Redis dropped this node's subscription for " + (gap.back().toEpochMilli() - gap.cut().toEpochMilli())
                        + " ms: " + told + " clients told @MISSED");
            });
        }
        Server<DemoServer> server = DemoServer.create(host, port, events, cluster, Set.copyOf(allowOrigins))
                .maxConnections(maxConnections);
        if (tokenTtl != null) DemoTokens.enable(server, tokenTtl, events);
        try {
            server.trustProxies(trustProxies.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trust-proxy: " + e.getMessage());
        }
        if (tls != null) {
            try {
                server.tls(tls.get(0), tls.get(1));
            } catch (WroustrException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tls: " + e.getMessage());
            }
        }
        if (metrics) DemoMetrics.enable(server, cluster);
        RunningServer running;
        try {
            running = server.start();
        } catch (WroustrException e) {
            throw new CliException(e.getMessage(), e);
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.close();
            closed.countDown();
        }, "wroustr-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String scheme = tls != null ? "wss" : "ws";
        String local = scheme + "://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + running.port();
        String page = (tls != null ? "https" : "http") + local.substring(scheme.length());
        terminal.out.println("wroustr demo listening on " + running.uri() + "  (Ctrl-C to stop)");
        if (cluster != null) {
            terminal.out.println((cluster.isConnected() ? "joined the cluster on Redis " : "Redis not reachable yet, trying again: ")
                    + withoutPassword(redis) + "  (node " + cluster.nodeId() + "; counts and lists span every node)");
        }
        terminal.out.println("try: ./wroustr connect " + local + "   then type @JOIN #name you, @SAY #text hello, @WHO");
        terminal.out.println("or open " + page + "/ in a browser"
                + (metrics ? "; metrics at " + page + DemoMetrics.PATH : ""));
        terminal.out.flush();
        closed.await();
        return 0;
    }

    /** {@code uri} to print: a password in it (redis://user:secret@host) is left out. */
    static String withoutPassword(String uri) {
        return uri.replaceAll("//[^@/,#]*@", "//***@");
    }
}
