package dev.wroustr.cli;

import dev.wroustr.Message;
import dev.wroustr.Params;

/**
 * Shows messages on a {@link Terminal}: {@code < @SAID  #name bob  #text 'hi there'}, the route
 * and each param set apart (in colour where the terminal has it), values written as the
 * protocol quotes them. Safe to call from several threads: each message is one {@code println}.
 */
final class MessagePrinter {
    private final Terminal terminal;

    MessagePrinter(Terminal terminal) {
        this.terminal = terminal;
    }

    void incoming(String route, Params params) {
        terminal.out.println(terminal.style("2", "<") + " " + format(route, params));
    }

    void outgoing(String text) {
        terminal.out.println(terminal.style("2", ">") + " " + text);
    }

    String format(String route, Params params) {
        StringBuilder line = new StringBuilder(terminal.style("1;36", route));
        for (int i = 0; i < params.size(); i++) {
            String key = params.keyAt(i);
            line.append("  ").append(terminal.style("33", "#" + key)).append(' ').append(value(key, params.valueAt(i)));
        }
        return line.toString();
    }

    /** {@code value} as the protocol's writer puts it on the wire: bare, or quoted and escaped. */
    static String value(String key, String value) {
        String text = Message.route("@_").param(key, value).toText();
        return text.substring("@_ #".length() + key.length() + 1);
    }
}
