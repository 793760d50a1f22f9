package dev.wroustr.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The standard streams a command uses, and what they can show. Colour and live progress lines
 * are used only on a real terminal: the process's own stdout while {@code System.console()}
 * exists, {@code TERM} is not {@code dumb} and {@code NO_COLOR} is unset.
 */
final class Terminal {
    final BufferedReader in;
    // Not final: while connect's line editor shows its prompt, output goes above it (LineEditor).
    volatile PrintStream out;
    volatile PrintStream err;
    private final boolean interactive;
    private final boolean colour;

    Terminal(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.err = err;
        this.interactive = System.console() != null && out == System.out && err == System.err;
        String term = env.get("TERM");
        this.colour = interactive && !"dumb".equals(term) && env.get("NO_COLOR") == null;
    }

    private volatile org.jline.terminal.Terminal lineEditorTerminal;

    /** The terminal connect's line editor runs on, given by a test; null: the system's, on a console. */
    org.jline.terminal.Terminal lineEditorTerminal() {
        return lineEditorTerminal;
    }

    void lineEditorTerminal(org.jline.terminal.Terminal terminal) {
        this.lineEditorTerminal = terminal;
    }

    /** True when stdout and stderr are the process's own and it has a console. */
    boolean interactive() {
        return interactive;
    }

    /** True when ANSI colour may be written to stdout. */
    boolean colour() {
        return colour;
    }

    /** {@code text} in ANSI style {@code sgr} (e.g. {@code "1;36"}) when colour is on. */
    String style(String sgr, String text) {
        return colour ? "\u001b[" + sgr + "m" + text + "\u001b[0m" : text;
    }
}
