package dev.wroustr.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code wroustr} command line. {@link #main} is the jar's entry point; tests run it
 * in-process:
 *
 * <pre>{@code
 * int code = Main.fromArgs("connect", uri, "--send", "@PING", "--expect", "@PONG")
 *         .stdout(out).stderr(err).run();
 * }</pre>
 *
 * <p>Exit codes: 0 on success, 1 for a runtime failure (refused connection, port in use,
 * {@code --expect} timed out), 2 for a usage error. Errors are one line on stderr, never a
 * stack trace.
 */
public final class Main {
    /** The width of every --help: the text of each command keeps its lines under it. */
    static final int USAGE_WIDTH = 100;

    private final String[] args;
    private InputStream stdin = System.in;
    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;
    private Map<String, String> env = System.getenv();

    private Main(String[] args) {
        this.args = args;
    }

    /** The process entry point: runs {@code args} and exits with the command's exit code. */
    public static void main(String... args) {
        // The library logs lifecycle at INFO; the CLI prints its own lines, so only WARN and up.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(fromArgs(args).run());
    }

    /** A run of the command line with {@code args}, on the process's streams until changed. */
    public static Main fromArgs(String... args) {
        return new Main(args.clone());
    }

    /** Where {@code connect} reads typed messages from. */
    public Main stdin(InputStream stdin) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        return this;
    }

    /** Where output goes (for {@code bench --json}, only the JSON object). */
    public Main stdout(PrintStream stdout) {
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        return this;
    }

    /** Where errors, progress and connection notices go. */
    public Main stderr(PrintStream stderr) {
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        return this;
    }

    /** The environment consulted for {@code NO_COLOR} and {@code TERM}. */
    public Main env(Map<String, String> env) {
        this.env = Map.copyOf(env);
        return this;
    }

    private org.jline.terminal.Terminal lineEditorTerminal;

    /** For tests: connect's prompt edits lines on {@code terminal}, as on a real one. */
    Main lineEditor(org.jline.terminal.Terminal terminal) {
        this.lineEditorTerminal = terminal;
        return this;
    }

    /** Runs the command, blocking until it ends, and returns its exit code. */
    public int run() {
        Terminal terminal = new Terminal(stdin, stdout, stderr, env);
        terminal.lineEditorTerminal(lineEditorTerminal);
        CommandLine cli = commandLine(terminal);
        return cli.execute(args);
    }

    static CommandLine commandLine(Terminal terminal) {
        CommandLine cli = new CommandLine(new Top())
                .addSubcommand(new DemoCommand(terminal))
               .addSubcommand(new ConnectCommand(terminal))
                .addSubcommand(new BenchCommand(terminal));
        // Wide enough for the descriptions' own lines (at most USAGE_WIDTH characters): narrower,
        // picocli wraps each of them again and leaves a word or two on a line of their own.
        cli.setUsageHelpWidth(USAGE_WIDTH);
        cli.setOut(new PrintWriter(terminal.out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(terminal.err, true, StandardCharsets.UTF_8));
        if (!terminal.colour()) cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setParameterExceptionHandler((e, unused) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("wroustr: " + e.getMessage());
            // A mistyped command or option: say what was meant ("demoo" -> demo).
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
                java.util.List<String> suggestions = unmatched.getSuggestions();
                if (!suggestions.isEmpty()) err.println("Did you mean: " + String.join(" or ", suggestions) + "?");
            }
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, unused) -> {
            PrintWriter err = commandLine.getErr();
            err.println("wroustr: " + (e instanceof CliException ? e.getMessage() : CliException.describe(e)));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }

    /** The top command: prints usage, since a subcommand is always needed. */
    @Command(name = "wroustr",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = "Routes WebSocket text messages: a demo server, a client and a load generator.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  wroustr demo                              # chat server on port 9000",
                "  wroustr connect ws://localhost:9000       # talk to it",
                "  wroustr bench ws://localhost:9000 -c 256  # load it"
            })
    static final class Top implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: demo, connect or bench");
        }
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"wroustr " + (version == null ? "dev" : version)};
        }
    }
}
