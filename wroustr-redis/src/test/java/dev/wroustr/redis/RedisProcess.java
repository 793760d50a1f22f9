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
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server for the tests: the one {@code .ci/run} started ({@code WROUSTR_TEST_REDIS_URI}),
 * or one of the test's own, started from the Debian package's binary on a free port. Tests that
 * stop and restart Redis always run their own.
 */
public final class RedisProcess implements AutoCloseable {
    private static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private Process process;
    private RedisClient adminClient;

    private RedisProcess(int port) {
        this.port = port;
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
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package redis-server (.ci/run does)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisProcess redis = new RedisProcess(port);
        redis.restart();
        return redis;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again, on the same port) and waits until it answers PING. */
    public void restart() throws Exception {
        process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
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
