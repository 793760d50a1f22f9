package dev.wroustr.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server for the tests: the one {@code .ci/run} started ({@code WROUSTR_TEST_REDIS_URI}),
 * or one of the test's own, started from the Debian package's binary on a free port. Tests that
 * stop and restart Redis always run their own.
 */
public final class RedisProcess implements AutoCloseable {
    private static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    // What follows "redis-server": the port and settings, or a sentinel's config file.
    private final List<String> arguments;
    private Process process;
    private RedisClient adminClient;

    private RedisProcess(int port, List<String> arguments) {
        this.port = port;
        this.arguments = arguments;
    }

    /** The URI of a Redis the tests may share. */
    public static String sharedUri() throws Exception {
        String given = System.getenv("WROUSTR_TEST_REDIS_URI");
        if (given != null && !given.isBlank()) return given;
        synchronized (RedisProcess.class) {
            if (shared == null) {
                shared = start();
                // A process of the test JVM's own: it must not outlive it.
                Process process = shared.process;
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "redis-server-stop"));
            }
            return shared.uri();
        }
    }

    private static RedisProcess shared;

    /** A redis-server of the test's own, on a free port. */
    public static RedisProcess start() throws Exception {
        return start(List.of());
    }

    /** A redis-server of the test's own, on a free port, with more settings ({@code --replicaof HOST PORT}). */
    public static RedisProcess start(List<String> settings) throws Exception {
        // A port found free may be taken before redis-server binds it: it then exits at once, and
        // another port is tried.
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            List<String> arguments = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no"));
            arguments.addAll(settings);
            try {
                return started(new RedisProcess(port, arguments));
            } catch (IllegalStateException e) {
                if (attempt == 3 || e.getMessage() == null || !e.getMessage().contains("exited")) throw e;
            }
        }
    }

    /**
     * A Redis Sentinel of the test's own, on a free port, watching the master at {@code masterPort}
     * as {@code master}, with quorum 1 and the given failure detection time. Its config file,
     * which Sentinel rewrites, goes in {@code dir}.
     */
    public static RedisProcess sentinel(Path dir, String master, int masterPort, Duration downAfter) throws Exception {
        int port = freePort();
        Path config = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(config, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "sentinel monitor " + master + " 127.0.0.1 " + masterPort + " 1",
                "sentinel down-after-milliseconds " + master + " " + downAfter.toMillis(),
                "sentinel failover-timeout " + master + " " + 2 * downAfter.toMillis(),
                "") );
        return started(new RedisProcess(port, List.of(config.toString(), "--sentinel")));
    }

    private static RedisProcess started(RedisProcess redis) throws Exception {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package redis-server (.ci/run does)");
        }
        redis.restart();
        return redis;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts it (again, on the same port) and waits until it answers PING. */
    public void restart() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(arguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("redis-server on port " + port + " did not start");
            if (!process.isAlive()) throw new IllegalStateException("redis-server on port " + port + " exited: " + process.exitValue());
            Thread.sleep(20);
        }
    }

    /** Commands to it, for a test that changes its settings or looks at its clients. */
    public synchronized RedisCommands<String, String> admin() {
        if (adminClient == null) adminClient = RedisClient.create(uri());
        return adminClient.connect().sync();
    }

    /** Whether its process runs. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Its process id, for its CPU time in {@code /proc}. */
    public long pid() {
        return process.pid();
    }

    /** Kills it, as a crash would. */
    public void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private boolean answers() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            return in.readNBytes(reply, 0, 7) == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (adminClient != null) adminClient.shutdown();
        if (process != null) stop();
    }
}
