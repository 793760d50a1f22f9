package dev.wroustr.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What an example printed: a PrintStream to hand it, and the lines it has written so far. */
public final class Output {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    public PrintStream stream() {
        return stream;
    }

    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public String[] lines() {
        return text().lines().toArray(String[]::new);
    }
}
