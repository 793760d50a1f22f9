package dev.wroustr.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;

/**
 * connect's prompt on a terminal (JLine): line editing, the arrow keys, history kept across runs
 * in {@code ~/.wroustr_history}. What the connection prints while a line is being typed goes
 * above the prompt, which is drawn again below it, instead of through the half-typed line.
 */
final class LineEditor implements AutoCloseable {
    private final org.jline.terminal.Terminal jline;
    private final LineReader reader;
    private final Terminal terminal;
    private final PrintStream out;
    private final PrintStream err;

    /** Takes over {@code terminal}'s output while it lasts. */
    LineEditor(Terminal terminal, org.jline.terminal.Terminal jline, Path history) {
        this.terminal = terminal;
        this.jline = jline;
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(jline).appName("wroustr");
        if (history != null) builder.variable(LineReader.HISTORY_FILE, history);
        this.reader = builder.build();
        this.out = terminal.out;
        this.err = terminal.err;
        terminal.out = above();
        terminal.err = above();
    }

    /** The next line typed, or null at the end (Ctrl-D, or Ctrl-C at an empty prompt). */
    String readLine() {
        try {
            return reader.readLine("> ");
        } catch (EndOfFileException | UserInterruptException e) {
            return null;
        }
    }

    /** A stream whose whole lines are printed above the prompt. */
    private PrintStream above() {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    reader.printAbove(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        terminal.out = out;
        terminal.err = err;
        try {
            reader.getHistory().save();
            jline.close();
        } catch (IOException | RuntimeException e) {
            // History not saved: nothing the user asked for fails.
        }
    }
}
