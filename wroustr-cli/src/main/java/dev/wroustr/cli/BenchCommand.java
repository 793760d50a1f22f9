package dev.wroustr.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wroustr bench URL}: load any wroustr server and report throughput and latency. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Measures a wroustr server: messages/s and latency.",
        description = {
            "Loads a wroustr server with requests (by default the demo's @ECHO) and reports",
            "messages per second and reply latency. Replies are matched to requests in order;",
            "only requests sent after the warmup count."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  wroustr bench ws://localhost:9000",
            "  wroustr bench ws://localhost:9000 -c 5000 --pipeline 4 -d 30s",
            "  wroustr bench ws://localhost:9000 -c 1000 --rate 200000      # fixed rate, no coordinated omission",
            "  wroustr bench ws://localhost:9000 --route @PING --size 5 --json"
        })
final class BenchCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The server, e.g. ws://localhost:9000")
    String url;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", description = "Connections to open (default: ${DEFAULT-VALUE}).")
    int connections = 64;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = Options.DurationConverter.class,
            description = "How long to measure, after the warmup (default: 10s).")
    Duration duration = Duration.ofSeconds(10);

    @Option(names = {"-w", "--warmup"}, paramLabel = "TIME", converter = Options.DurationConverter.class,
            description = "How long to run before measuring (default: 2s).")
    Duration warmup = Duration.ofSeconds(2);

    @Option(names = {"-p", "--pipeline"}, paramLabel = "N",
            description = "Requests in flight per connection, in a closed loop (default: 1).")
    Integer pipeline;

    @Option(names = {"-r", "--rate"}, paramLabel = "R",
            description = "Fixed total rate in messages/s over all connections, whatever the replies do; "
                    + "latency counts from the intended send time. 0 = closed loop (default).")
    long rate;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES",
            description = "Size of each request: '@ECHO #seq <n> #pad xxx...' padded to it (default: ${DEFAULT-VALUE}).")
    int size = 80;

    @Option(names = "--route", paramLabel = "@ROUTE", description = "The route requests go to (default: ${DEFAULT-VALUE}).")
    String route = "@ECHO";

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Event loop threads (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--request", description = "Send each message as a request (#$id first), so the server's reply answers it.")
    boolean request;

    @Option(names = "--resume", description = "Offer to resume (PROTOCOL.md section 11): the server then keeps what it sends until acknowledged, and the bench acknowledges every 64 messages.")
    boolean resume;

    @Option(names = "--insecure", description = "With wss://, trust any certificate.")
    boolean insecure;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the table, and no progress line.")
    boolean json;

    BenchCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cli = spec.commandLine();
        if (pipeline != null && rate > 0) throw new CommandLine.ParameterException(cli, "--pipeline and --rate cannot be used together");
        require(connections >= 1, "--connections must be at least 1: " + connections);
        require(pipeline == null || pipeline >= 1, "--pipeline must be at least 1: " + pipeline);
        require(rate >= 0, "--rate must not be negative: " + rate);
        require(size >= 1 && size <= 1 << 20, "--size must be between 1 and 1048576: " + size);
        require(!duration.isZero(), "--duration must be more than 0");
        require(threads >= 1, "--threads must be at least 1: " + threads);
        try {
            dev.wroustr.Message.route(route);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "not a route: '" + route + "' (routes start with @)");
        }
        BenchConfig config = new BenchConfig(Options.webSocketUrl(cli, url), connections, pipeline == null ? 1 : pipeline,
                rate, size, route, duration, warmup, threads, insecure, request, resume);
        boolean progress = !json && terminal.interactive();
        if (!json) {
            terminal.err.printf(Locale.ROOT, "bench %s: %d connections, %s%n", config.url(), connections,
                    rate > 0 ? rate + " msg/s" : config.pipeline() + " in flight each");
        }
        BenchResult result = new Bench(config).run((elapsed, warmingUp, perSecond, errors) -> {
            if (progress) {
                terminal.err.printf(Locale.ROOT, "\r%6.1fs %s %,12.0f msg/s  %,d errors   ",
                        elapsed, warmingUp ? "warmup " : "measure", perSecond, errors);
            }
        });
        if (progress) terminal.err.println();
        if (json) terminal.out.println(result.toJson());
        else terminal.out.print(result.toTable());
        terminal.out.flush();
        if (result.errors() > result.received()) {
            // Most requests failed: a table of nothing would look like a slow server.
            terminal.err.printf(Locale.ROOT, "wroustr: most requests failed (%,d errors, %,d answered): the server answered "
                    + "@UNKNOWN, @INVALID or @ERROR, or dropped the connections; is %s a route of the server?%n",
                    result.errors(), result.received(), route);
            return 1;
        }
        return 0;
    }

    private void require(boolean ok, String message) {
        if (!ok) throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
