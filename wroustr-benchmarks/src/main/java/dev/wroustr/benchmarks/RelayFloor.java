package dev.wroustr.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The floor under {@link DmBench}: the same round trip through the same processes, with the
 * least work a program can do. Lines over plain TCP instead of WebSocket frames, a blocking
 * thread per socket instead of event loops and handler threads, no parsing, and Redis spoken
 * in raw RESP. What this measures on a machine, no WebSocket server can beat there.
 *
 * <pre>
 * java -cp benchmarks.jar dev.wroustr.benchmarks.RelayFloor relay [--redis-port R --self A --other B]
 * java -cp benchmarks.jar dev.wroustr.benchmarks.RelayFloor client --x PORT [--y PORT] [--rate 1000] [--duration 10s] [--warmup 3s]
 * </pre>
 *
 * A relay without Redis passes each line from one of its two clients to the other (one
 * server). With Redis it publishes each line to channel {@code floor:B} and writes what it
 * receives on {@code floor:A} to its client (a node of a cluster). The client opens X and Y
 * (on the same relay, or one on each), Y sends every line back, and X times the round trip at
 * a fixed rate; it prints the JSON {@link DmBench} prints.
 */
public final class RelayFloor {
    private RelayFloor() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        String[] rest = java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (mode) {
            case "relay" -> relay(Flags.parse(rest, "port", "redis-port", "self", "other"));
            case "client" -> client(Flags.parse(rest, "x", "y", "rate", "duration", "warmup"));
            default -> throw new IllegalArgumentException("usage: RelayFloor relay|client [flags]");
        }
    }

    // ---- the relay ----

    private static void relay(Flags flags) throws IOException {
        ServerSocket listener = new ServerSocket(flags.integer("port", 0), 50, InetAddress.getLoopbackAddress());
        int redisPort = flags.integer("redis-port", 0);
        List<OutputStream> clients = new CopyOnWriteArrayList<>();
        OutputStream publisher = null;
        String toOther = null;
        if (redisPort > 0) {
            toOther = "floor:" + flags.string("other", "b");
            Socket publishing = connect(redisPort);
            publisher = publishing.getOutputStream();
            InputStream acks = new BufferedInputStream(publishing.getInputStream());
            daemon(() -> { while (true) readReply(acks); });
            Socket subscribing = connect(redisPort);
            InputStream messages = new BufferedInputStream(subscribing.getInputStream());
            writeCommand(subscribing.getOutputStream(), "SUBSCRIBE", "floor:" + flags.string("self", "a"));
            readReply(messages);
            daemon(() -> {
                while (true) {
                    List<?> message = (List<?>) readReply(messages);
                    for (OutputStream client : clients) writeLine(client, (String) message.get(2));
                }
            });
        }
        System.out.println("floor relay listening on " + listener.getLocalPort());
        System.out.flush();
        while (true) {
            Socket socket = listener.accept();
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            clients.add(out);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream redis = publisher;
            String channel = toOther;
            daemon(() -> {
                while (true) {
                    String line = readLine(in);
                    if (redis != null) {
                        writeCommand(redis, "PUBLISH", channel, line);
                    } else {
                        for (OutputStream other : clients) if (other != out) writeLine(other, line);
                    }
                }
            });
        }
    }

    // ---- the client ----

    private static void client(Flags flags) throws Exception {
        int xPort = flags.integer("x", 0);
        int rate = flags.integer("rate", 1000);
        Duration duration = flags.duration("duration", Duration.ofSeconds(10));
        Duration warmup = flags.duration("warmup", Duration.ofSeconds(3));
        Socket x = connect(xPort);
        Socket y = connect(flags.integer("y", xPort));
        InputStream yIn = new BufferedInputStream(y.getInputStream());
        OutputStream yOut = y.getOutputStream();
        daemon(() -> { while (true) writeLine(yOut, readLine(yIn)); });

        long period = 1_000_000_000L / rate;
        long warm = warmup.toNanos() / period;
        long total = warm + duration.toNanos() / period;
        Histogram latencies = new Histogram(3);
        InputStream xIn = new BufferedInputStream(x.getInputStream());
        Thread reader = daemon(() -> {
            for (long answered = 0; answered < total; answered++) {
                String line = readLine(xIn); // "SEQ SENT-NANOS @DM ..."
                int space = line.indexOf(' ');
                long seq = Long.parseLong(line.substring(0, space));
                long sentAt = Long.parseLong(line.substring(space + 1, line.indexOf(' ', space + 1)));
                if (seq >= warm) latencies.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1_000));
            }
        });
        OutputStream xOut = x.getOutputStream();
        long start = System.nanoTime();
        long next = start;
        for (long seq = 0; seq < total; seq++) {
            next += period;
            while (System.nanoTime() < next) LockSupport.parkNanos(next - System.nanoTime());
            writeLine(xOut, seq + " " + System.nanoTime() + " @DM #to y #seq " + seq);
        }
        reader.join(5_000);
        double seconds = duration.toNanos() / 1e9;
        System.out.printf(Locale.ROOT,
                "{\"x\":%d,\"y\":%d,\"rate\":%d,\"durationSeconds\":%.3f,\"answeredPerSecond\":%.1f,"
                        + "\"latencyMicros\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"p999\":%d,\"max\":%d}}%n",
                xPort, flags.integer("y", xPort), rate, seconds, latencies.getTotalCount() / seconds,
                latencies.getValueAtPercentile(50), latencies.getValueAtPercentile(90),
                latencies.getValueAtPercentile(99), latencies.getValueAtPercentile(99.9), latencies.getMaxValue());
        x.close();
        y.close();
    }

    // ---- lines and RESP over blocking sockets ----

    private interface Loop {
        void run() throws IOException;
    }

    /** Runs {@code loop} on a daemon thread until its socket closes. */
    private static Thread daemon(Loop loop) {
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (IOException closed) {
                // the peer went away: the run is over
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new EOFException();
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }

    private static void writeCommand(OutputStream out, String... words) throws IOException {
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            command.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One RESP reply: an array as a list, a bulk or simple string or an integer as a string. */
    private static Object readReply(InputStream in) throws IOException {
        String line = readLine(in);
        return switch (line.charAt(0)) {
            case '*' -> {
                int count = Integer.parseInt(line.substring(1));
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) items.add(readReply(in));
                yield items;
            }
            case '$' -> {
                byte[] bulk = in.readNBytes(Integer.parseInt(line.substring(1)) + 2);
                yield new String(bulk, 0, bulk.length - 2, StandardCharsets.UTF_8);
            }
            default -> line.substring(1);
        };
    }
}
