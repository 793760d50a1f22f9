package dev.wroustr.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for test data, so the project needs no JSON library. Objects become
 * ordered {@link Map}s, arrays {@link List}s, numbers {@link BigDecimal}s, and
 * {@code true}/{@code false}/{@code null} their Java values.
 */
public final class Json {
    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Reads one JSON value that fills {@code text}. @throws IllegalArgumentException where it is not JSON */
    public static Object parse(String text) {
        Json json = new Json(text);
        Object value = json.value();
        json.skipSpace();
        if (json.pos != text.length()) throw json.error("trailing text");
        return value;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) throw error("value expected");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        if (next() == '}') {
            pos++;
            return map;
        }
        while (true) {
            if (next() != '"') throw error("key expected");
            String key = string();
            if (next() != ':') throw error("':' expected");
            pos++;
            map.put(key, value());
            char c = next();
            pos++;
            if (c == '}') return map;
            if (c != ',') throw error("',' or '}' expected");
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++;
        if (next() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            char c = next();
            pos++;
            if (c == ']') return list;
            if (c != ',') throw error("',' or ']' expected");
        }
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return s.toString();
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated escape");
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                // A surrogate pair arrives as two \\u escapes, each appended as one UTF-16 unit.
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("short \\u escape");
                    s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) throw error(word + " expected");
        pos += word.length();
        return value;
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) pos++;
        if (start == pos) throw error("value expected");
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("bad number");
        }
    }

    /** Skips white space and returns the char there, without consuming it. */
    private char next() {
        skipSpace();
        if (pos >= text.length()) throw error("unexpected end");
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON: " + what + " at offset " + pos);
    }
}
