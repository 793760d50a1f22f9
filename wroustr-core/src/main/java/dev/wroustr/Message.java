package dev.wroustr;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One wroustr message: a route and its params. Immutable; {@link #param} returns a new
 * message, so a message can be built once and sent many times.
 *
 * <pre>{@code
 * dispatcher.send(Message.route("@SAID").param("name", "bob").param("text", "hi there"));
 * // on the wire: @SAID #name bob #text 'hi there'
 * }</pre>
 *
 * <p>{@link #toText()} writes the canonical text of PROTOCOL.md section 8, quoting and
 * escaping values as needed, so no caller ever builds wire text by hand.
 */
public final class Message {
    /** The param limit a receiver applies unless configured otherwise (PROTOCOL.md section 3). */
    public static final int DEFAULT_MAX_PARAMS = 128;

    private final String route;
    private final Params params;

    private Message(String route, Params params) {
        this.route = route;
        this.params = params;
    }

    /**
     * A message to {@code route}, with no params yet.
     *
     * @throws IllegalArgumentException if the route does not start with {@code @}, is {@code @}
     *     alone, or holds ASCII white space
     */
    public static Message route(String route) {
        MessageWriter.checkRoute(route);
        return new Message(route, Params.empty());
    }

    /** A message to {@code route} with {@code params}. @throws IllegalArgumentException as {@link #route(String)} */
    public static Message of(String route, Params params) {
        MessageWriter.checkRoute(route);
        // Params only ever holds keys that can be written: Params.with checks them.
        return new Message(route, Objects.requireNonNull(params, "params"));
    }

    /**
     * A message to {@code route} with {@code record}'s components as its params:
     * {@code Message.of("@SAID", new Said("bob", "hi"))}. See {@link Params#from}.
     *
     * @throws IllegalArgumentException as {@link #route(String)}, or if a component has a type no param binds to
     */
    public static Message of(String route, Record record) {
        return of(route, Params.from(record));
    }

    /** For the parser, which has checked route and params against the grammar already. */
    static Message trusted(String route, Params params) {
        return new Message(route, params);
    }

    /**
     * Parses {@code text} with the default param limit.
     *
     * @throws ParseException with the kind and offset of the first problem
     */
    public static Message parse(String text) {
        return parse(text, DEFAULT_MAX_PARAMS);
    }

    /**
     * Parses {@code text}, allowing at most {@code maxParams} params (a repeated key counts once).
     *
     * @throws ParseException with the kind and offset of the first problem
     * @throws IllegalArgumentException if {@code maxParams} is negative
     */
    public static Message parse(String text, int maxParams) {
        Objects.requireNonNull(text, "text");
        return MessageParser.parse(text, maxParams);
    }

    /** This message with param {@code key} set to {@code value} (replaced in place if present). */
    public Message param(String key, String value) {
        return new Message(route, params.with(key, value));
    }

    /** This message with param {@code key} set to {@code String.valueOf(value)}. */
    public Message param(String key, long value) {
        return param(key, Long.toString(value));
    }

    /** This message with param {@code key} set to {@code true} or {@code false}. */
    public Message param(String key, boolean value) {
        return param(key, Boolean.toString(value));
    }

    /** This message with every param of {@code more} set, in its order. */
    public Message params(Params more) {
        Message message = this;
        for (int i = 0; i < more.size(); i++) message = message.param(more.keyAt(i), more.valueAt(i));
        return message;
    }

    /** The route, e.g. {@code @LOGIN}. */
    public String route() {
        return route;
    }

    /** The params, in order; immutable. */
    public Params params() {
        return params;
    }

    /**
     * The canonical wire text (PROTOCOL.md section 8), exactly as it goes on the wire: a lone
     * surrogate, which UTF-8 cannot carry, is written as {@code ?}.
     */
    public String toText() {
        return new String(MessageWriter.utf8(this), StandardCharsets.UTF_8);
    }

    /** The canonical wire text in UTF-8, as a text frame carries it; a lone surrogate is {@code ?}. */
    public byte[] toUtf8() {
        return MessageWriter.utf8(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message other && route.equals(other.route) && params.equals(other.params);
    }

    @Override
    public int hashCode() {
        return 31 * route.hashCode() + params.hashCode();
    }

    /** The canonical wire text, as {@link #toText()}. */
    @Override
    public String toString() {
        return toText();
    }
}
