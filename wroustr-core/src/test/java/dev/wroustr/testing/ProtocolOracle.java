package dev.wroustr.testing;

import dev.wroustr.Message;
import dev.wroustr.ParseException;
import dev.wroustr.Params;
import dev.wroustr.internal.Reserved;
import dev.wroustr.server.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Protocol text for the fuzzer, from the vectors of PROTOCOL.md mutated, and what a server with
 * {@link #routes} answers to each: {@code INVALID} reports the parse error, {@code UNKNOWN} the
 * route, a request gets its error reply, a reply nothing at all (PROTOCOL.md sections 3, 4 and 9).
 */
public final class ProtocolOracle {
    /** Pieces that mean something to the grammar, and characters it must take as they are. */
    private static final String[] PIECES = {
            "@", "#", "'", "\"", "\\", " ", "\t", "\n", "\r", "\u000B", "\f", "$id", "$re", " #$id 7", " #$re 7",
            "@$error", "@$welcome", "é", "😀", "\u00A0", "\u2003", "\\n", "\\q", "\\'", "0", "123456789012345678",
            "1234567890123456789", "x", " #k v", "''", "\"\"", "#uuid", "#route", "\u0000", "\uFFFD"};
    private static final String[] UNICODE = {"é", "€", "😀", "中", "a", "\u00A0", "ß", "\uFFFD"};

    private final List<String> vectors;

    private ProtocolOracle(List<String> vectors) {
        this.vectors = vectors;
    }

    /** The texts of {@code vectors.json}'s parse and reserved cases. */
    @SuppressWarnings("unchecked")
    public static ProtocolOracle fromVectors() {
        try (InputStream in = ProtocolOracle.class.getResourceAsStream("/protocol/vectors.json")) {
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<String> texts = new ArrayList<>();
            for (String section : List.of("parse", "reserved")) {
                for (Object entry : (List<Object>) root.get(section)) texts.add((String) ((Map<String, Object>) entry).get("text"));
            }
            return new ProtocolOracle(texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The routes that make a server answer as {@link #answers} says. */
    public static <S> Server<S> routes(Server<S> server) {
        return server
                .route("UNKNOWN", (params, dispatcher, state) ->
                        dispatcher.send(Message.route("@SEEN").param("route", params.require("route"))))
                .route("INVALID", (params, dispatcher, state) -> dispatcher.send(Message.route("@BAD")
                        .param("error", params.require("error")).param("offset", params.require("offset"))));
    }

    /**
     * A text: a vector as it is, mutated, two run together, or tokens at random. Never one for
     * {@code @ECHO}, nor a refresh of credentials (PROTOCOL.md section 12), which a server with no
     * refresh check refuses and follows with a close: ExpiryTest covers it.
     */
    public String text(SplittableRandom random) {
        while (true) {
            String text = switch (random.nextInt(6)) {
                case 0 -> vector(random);
                case 1, 2 -> mutate(vector(random), random);
                case 3 -> vector(random) + PIECES[random.nextInt(PIECES.length)] + vector(random);
                case 4 -> manyParams(random);
                default -> tokens(random);
            };
            // As the server will read it: a lone surrogate left by a cut becomes U+FFFD on the way.
            text = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            if (!routesTo(text, "@ECHO") && !isRefresh(text)) return text;
        }
    }

    /** A valid message holding characters of two, three and four bytes in UTF-8. */
    public String unicodeText(SplittableRandom random) {
        StringBuilder value = new StringBuilder();
        for (int i = 1 + random.nextInt(40); i > 0; i--) value.append(UNICODE[random.nextInt(UNICODE.length)]);
        return "@U" + UNICODE[random.nextInt(UNICODE.length)] + " #t " + value.toString().replace('\u00A0', 'b');
    }

    /** The texts the server sends back for {@code text}, in order. */
    public List<String> answers(String text) {
        Message message;
        try {
            message = Message.parse(text);
        } catch (ParseException e) {
            return List.of(Message.route("@BAD").param("error", e.kind().wireName()).param("offset", e.offset()).toText());
        }
        Params params = message.params();
        return switch (Reserved.of(message.route(), params)) {
            case REPLY, ERROR_REPLY -> List.of();  // no request of this connection waits for it: dropped
            // UNKNOWN is raised too: its send is an ordinary message, after the error reply.
            case REQUEST -> List.of(Message.route("@$error").param("$re", params.valueAt(0)).param("error", "unknown-route").toText(),
                    seen(message));
            default -> List.of(seen(message));
        };
    }

    private static String seen(Message message) {
        return Message.route("@SEEN").param("route", message.route()).toText();
    }

    private static boolean isRefresh(String text) {
        try {
            Message message = Message.parse(text);
            return Reserved.of(message.route(), message.params()) == Reserved.REFRESH;
        } catch (ParseException e) {
            return false;
        }
    }

    private static boolean routesTo(String text, String route) {
        try {
            return Message.parse(text).route().equals(route);
        } catch (ParseException e) {
            return false;
        }
    }

    private String vector(SplittableRandom random) {
        return vectors.get(random.nextInt(vectors.size()));
    }

    private static String mutate(String text, SplittableRandom random) {
        StringBuilder s = new StringBuilder(text);
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> s.insert(at, PIECES[random.nextInt(PIECES.length)]);
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(4)));
                case 2 -> {
                    int end = Math.min(s.length(), at + random.nextInt(8));
                    s.insert(end, s.substring(at, end));
                }
                case 3 -> s.setLength(at);
                default -> {
                    if (at < s.length()) s.setCharAt(at, (char) (32 + random.nextInt(95)));
                }
            }
        }
        return s.toString();
    }

    private static String manyParams(SplittableRandom random) {
        StringBuilder s = new StringBuilder("@MANY");
        int params = Message.DEFAULT_MAX_PARAMS - 8 + random.nextInt(16);
        for (int i = 0; i < params; i++) s.append(" #k").append(random.nextInt(params + 4)).append(" v");
        return s.toString();
    }

    private static String tokens(SplittableRandom random) {
        StringBuilder s = new StringBuilder(random.nextInt(4) == 0 ? "" : "@R");
        for (int i = random.nextInt(12); i > 0; i--) s.append(PIECES[random.nextInt(PIECES.length)]);
        return s.toString();
    }
}
