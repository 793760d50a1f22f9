package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code wroustr demo --port 0} run as a real process, as a user runs it, with what it prints. */
final class DemoProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

    private final Process process;
    private final BufferedReader out;
    private final URI uri;

    private DemoProcess(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--port", "0"));
        command.addAll(List.of(options));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Matcher listening = LISTENING.matcher(nextLine("wroustr demo listening on"));
        assertThat(listening.find()).isTrue();
        uri = URI.create(listening.group(1));
    }

    /** Starts the demo with {@code options} and returns once it listens. */
    static DemoProcess start(String... options) throws Exception {
        return new DemoProcess(options);
    }

    /** Where it listens, as it printed it. */
    URI uri() {
        return uri;
    }

    /** The demo's next line containing {@code text}; fails, with what it printed, if it exits first. */
    String nextLine(String text) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.contains(text)) return line;
            seen.append(line).append('\n');
        }
        throw new AssertionError("the demo ended without printing \"" + text + "\":\n" + seen);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
