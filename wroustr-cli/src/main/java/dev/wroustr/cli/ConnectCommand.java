package dev.wroustr.cli;

import dev.wroustr.CloseCodes;
import dev.wroustr.Interceptor;
import dev.wroustr.Message;
import dev.wroustr.NamedRoutes;
import dev.wroustr.ParseException;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.internal.Reserved;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wroustr connect URL}: an interactive client on the library's {@link Connector}, or,
 * with {@code --send}/{@code --expect}, a scriptable one.
 */
@Command(name = "connect",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "An interactive (or scripted) wroustr client.",
        description = {
            "Connects to a wroustr server, shows each message that arrives (route and",
            "params set apart) and sends each line you type. Reconnects when the",
            "connection drops, and resumes its session where the server offers it:",
            "nothing is lost. Lines typed meanwhile are sent once it is back.",
            "",
            "Typing:  @ROUTE #key value ...   send it as written",
            "         ? @ROUTE ...            send it as a request and show its reply",
            "         !!  /  !N               send the last / the N-th line again",
            "         /history  /help  /quit  (or Ctrl-D)",
            "",
            "With --send or --expect it does not read stdin: it sends, waits, and exits."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  wroustr connect ws://localhost:9000",
            "  wroustr connect ws://localhost:9000 --send @PING --expect @PONG",
            "  wroustr connect ws://localhost:9000 --request @TIME",
            "  wroustr connect ws://localhost:9000 --send '@JOIN #name bot' --send '@SAY #text hi' --expect @SAID"
        })
final class ConnectCommand implements Callable<Integer> {
    private static final int LINGER_MILLIS = 500;
    /** Put among the arrived routes when the connection closes, so a scripted wait ends at once. */
    private static final String CLOSED = "\u0000closed";
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private final Terminal terminal;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The server, e.g. ws://localhost:9000")
    String url;

    @Option(names = "--send", paramLabel = "MSG", description = "A message to send after connecting; repeat for more, sent in order.")
    List<String> send = new ArrayList<>();

    @Option(names = "--request", paramLabel = "MSG",
            description = "A request to send after the --send messages, printing its reply; repeat for more. Exit 1 if one fails or times out.")
    List<String> request = new ArrayList<>();

    @Option(names = "--expect", paramLabel = "ROUTE",
            description = "Exit 0 when a message with this route arrives, 1 on timeout or when the connection closes"
                    + " (saying why: a message over the client's 64 KiB limit is code 1009, too large); repeat to wait for several, in order.")
    List<String> expect = new ArrayList<>();

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Send TOKEN in the upgrade request (Authorization: Bearer TOKEN), and again as an in-band "
                + "refresh before the credentials expire where the server says they do (wroustr demo --token-ttl).")
    String token;

    @Option(names = "--timeout", paramLabel = "TIME", converter = Options.DurationConverter.class,
            description = "How long to wait for the connection and for --expect (default: 10s).")
    Duration timeout = Duration.ofSeconds(10);

    ConnectCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        URI uri = Options.webSocketUrl(spec.commandLine(), url);
        boolean scripted = !send.isEmpty() || !request.isEmpty() || !expect.isEmpty();
        probe(uri);

        MessagePrinter printer = new MessagePrinter(terminal);
        BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        AtomicBoolean quitting = new AtomicBoolean();
        AtomicReference<String> closedWith = new AtomicReference<>();
        Connector<Void> connector = new Connector<Void>(uri.toString(), null).maxMessageBytes(MAX_MESSAGE_BYTES);
        if (token != null) {
            String given = token;
            connector.tokenSupplier(() -> given);
        }
        try {
            // Every text is shown as it arrived, before routing: the client has no routes of its own,
            // and UNKNOWN would hide a param named "route" behind the one the library adds.
            connector.interceptIncoming((text, uuid, state) -> {
                try {
                    Message message = Message.parse(text);
                    // A reply goes on to complete its request. At the prompt it is shown here, so a
                    // request typed with #$id of one's own shows its answer too.
                    if (isReply(message)) {
                        if (!scripted) printer.incoming(message.route(), message.params());
                        return Interceptor.pass(text);
                    }
                    printer.incoming(message.route(), message.params());
                    arrived.add(message.route());
                } catch (ParseException e) {
                    terminal.err.println("! invalid text from the server (" + e.kind() + " at " + e.offset() + "): " + text);
                }
                return Interceptor.cancel();
            });
            if (!scripted) {
                connector.route(NamedRoutes.CONNECTED, (params, dispatcher, state) ->
                        // The uuid the server's welcome gave: what another client names to reach this one.
                        terminal.err.println("* connected to " + uri + (params.get("uuid") == null ? "" : " as " + params.get("uuid"))));
                connector.route(NamedRoutes.RESUMED, (params, dispatcher, state) ->
                        terminal.err.println("* resumed the session: nothing lost"));
                connector.route(NamedRoutes.DISCONNECTED, (params, dispatcher, state) -> {
                    if (!quitting.get()) terminal.err.println("* disconnected (" + closeText(params.getInt("code", 0),
                            params.get("reason", "")) + "), reconnecting...");
                });
            } else {
                // A script waiting for a route learns at once that it will never come, and why.
                connector.route(NamedRoutes.DISCONNECTED, (params, dispatcher, state) -> {
                    closedWith.set(closeText(params.getInt("code", 0), params.get("reason", "")));
                    arrived.add(CLOSED);
                });
            }
            connector.reconnect(scripted
                    ? Reconnect.never()
                    : Reconnect.backoff(Duration.ofMillis(250), Duration.ofSeconds(10)));
            awaitConnected(connector, uri);
            return scripted ? script(connector, printer, arrived, closedWith) : interactive(connector, printer, arrived);
        } finally {
            quitting.set(true);
            closeQuietly(connector);
        }
    }

    /**
     * Closes {@code connector}; a failure while closing changes nothing the user asked for, so
     * it does not change the exit code either. (The connector can race its own shutdown when
     * the server answers the close frame at once.)
     */
    private static void closeQuietly(Connector<Void> connector) {
        try {
            connector.close();
        } catch (RuntimeException e) {
            // Nothing to do: the connection is gone either way.
        }
    }

    private int script(Connector<Void> connector, MessagePrinter printer, BlockingQueue<String> arrived,
            AtomicReference<String> closedWith) throws InterruptedException {
        for (String text : send) {
            printer.outgoing(text);
            if (!connector.send(text)) throw new CliException("cannot send '" + text + "': the connection closed");
        }
        for (String text : request) {
            if (!request(connector, printer, text)) return 1;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String route : expect) {
            while (true) {
                String next = arrived.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    terminal.err.println("wroustr: timed out after " + seconds(timeout) + " waiting for " + route);
                    return 1;
                }
                if (next.equals(CLOSED)) {
                    terminal.err.println("wroustr: the connection closed (" + closedWith.get() + ") while waiting for " + route);
                    return 1;
                }
                if (next.equals(route)) break;
            }
        }
        return 0;
    }

    /** Sends {@code text} as a request and prints its reply. @return false if it failed, having said why */
    private boolean request(Connector<Void> connector, MessagePrinter printer, String text) throws InterruptedException {
        Message message;
        try {
            message = Message.parse(text);
        } catch (ParseException e) {
            throw new CliException("--request '" + text + "' is not a message: " + e.getMessage());
        }
        printer.outgoing(text);
        try {
            Message reply = connector.request(message, timeout).get();
            printer.incoming(reply.route(), reply.params());
            return true;
        } catch (ExecutionException e) {
            terminal.err.println("wroustr: " + e.getCause().getMessage());
            return false;
        }
    }

    /** A close as a person reads it: its code, what the code means when it is one of the client's own limits, and the reason. */
    static String closeText(int code, String reason) {
        String text = "code " + (code == 0 ? "?" : Integer.toString(code));
        if (code == CloseCodes.MESSAGE_TOO_BIG) {
            text += ", message too large: a message from the server was over this client's limit of "
                    + MAX_MESSAGE_BYTES / 1024 + " KiB";
        } else if (!reason.isEmpty()) {
            text += ", '" + reason + "'";
        }
        return text;
    }

    private static boolean isReply(Message message) {
        Reserved form = Reserved.of(message.route(), message.params());
        return form == Reserved.REPLY || form == Reserved.ERROR_REPLY;
    }

    private int interactive(Connector<Void> connector, MessagePrinter printer, BlockingQueue<String> arrived)
            throws InterruptedException {
        try (LineEditor editor = lineEditor()) {
            return prompt(connector, printer, arrived, editor);
        }
    }

    /** The line editor on a terminal (or the one a test gives); null when stdin is a pipe or a file. */
    private LineEditor lineEditor() {
        try {
            org.jline.terminal.Terminal jline = terminal.lineEditorTerminal();
            if (jline == null && terminal.interactive()) jline = org.jline.terminal.TerminalBuilder.builder().system(true).build();
            if (jline == null) return null;
            String home = System.getProperty("user.home");
            return new LineEditor(terminal, jline, home == null ? null : java.nio.file.Path.of(home, ".wroustr_history"));
        } catch (IOException e) {
            return null;
        }
    }

    private int prompt(Connector<Void> connector, MessagePrinter printer, BlockingQueue<String> arrived, LineEditor editor)
            throws InterruptedException {
        History history = new History();
        terminal.err.println("* type messages like @PING, or ? @TIME for a request; /help for help, Ctrl-D to quit");
        while (true) {
            String line;
            try {
                line = editor != null ? editor.readLine() : terminal.in.readLine();
            } catch (IOException e) {
                throw new CliException("cannot read stdin: " + CliException.describe(e), e);
            }
            if (line == null) {
                // End of input (a pipe, or Ctrl-D): let replies to what was sent arrive first.
                if (!history.isEmpty()) linger(arrived);
                return 0;
            }
            line = line.strip();
            if (line.isEmpty()) continue;
            switch (line) {
                case "/quit", "/exit" -> {
                    return 0;
                }
                case "/history" -> {
                    history.numbered().forEach(terminal.out::println);
                    continue;
                }
                case "/help" -> {
                    terminal.out.println("@ROUTE #key value ...  send;  ? @ROUTE ...  send as a request, show its reply;"
                            + "  !! / !N  send the last / N-th again;  /history;  /quit or Ctrl-D");
                    continue;
                }
                default -> { }
            }
            String text;
            try {
                text = history.expand(line);
            } catch (IllegalArgumentException e) {
                terminal.err.println("! " + e.getMessage());
                continue;
            }
            if (!text.equals(line)) printer.outgoing(text);
            history.add(text);
            if (text.startsWith("?")) {
                requestFromPrompt(connector, text.substring(1).strip());
            } else if (!connector.send(text)) {
                terminal.err.println("! not sent: the connection is closed");
            }
        }
    }

    /** {@code ? @ROUTE ...} at the prompt: a request; its reply is shown as it arrives, or why it failed. */
    private void requestFromPrompt(Connector<Void> connector, String text) {
        Message message;
        try {
            message = Message.parse(text);
        } catch (ParseException e) {
            terminal.err.println("! not a message: " + e.getMessage());
            return;
        }
        connector.request(message, timeout).whenComplete((reply, failure) -> {
            if (failure != null) terminal.err.println("! " + message.route() + " request failed: " + failure.getMessage());
        });
    }

    /** Waits until no message has arrived for {@value #LINGER_MILLIS} ms, or --timeout passes. */
    private void linger(BlockingQueue<String> arrived) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        arrived.clear();
        while (System.nanoTime() < deadline && arrived.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS) != null) {
            // Something arrived: wait for the next quiet spell.
        }
    }

    private void awaitConnected(Connector<Void> connector, URI uri) throws InterruptedException {
        try {
            connector.connect().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new CliException("cannot connect to " + uri + ": " + CliException.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new CliException("cannot connect to " + uri + ": no WebSocket handshake within " + seconds(timeout));
        }
    }

    /**
     * Fails at once, with a one-line reason, when nothing listens at the URL's host and port,
     * rather than leaving a reconnecting client to retry in silence. Plain TCP: a wroustr
     * server sees no WebSocket connection and raises no route.
     */
    private void probe(URI uri) {
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (IOException e) {
            throw new CliException("cannot connect to " + uri + ": " + CliException.describe(e), e);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
