package dev.wroustr.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} pairs for the benchmark mains, which take a handful of numbers each.
 * (The real argument parser lives in {@code wroustr-cli}; this module stays free of it.)
 */
final class Flags {
    private final Map<String, String> values = new HashMap<>();
    private final String positional;

    private Flags(String[] args, Set<String> known) {
        String first = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (first != null) throw new IllegalArgumentException("unexpected argument: \"" + arg + "\"");
                first = arg;
                continue;
            }
            String name = arg.substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
            }
            if (i + 1 == args.length) throw new IllegalArgumentException("--" + name + " needs a value");
            values.put(name, args[++i]);
        }
        positional = first;
    }

    static Flags parse(String[] args, String... known) {
        return new Flags(args, Set.of(known));
    }

    /** The one argument that is not an option (a URL), or {@code null}. */
    String positional() {
        return positional;
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        if (value == null) return fallback;
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is not an integer: \"" + value + "\"");
        }
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m} or a bare number of seconds. */
    Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        if (value == null) return fallback;
        try {
            if (value.endsWith("ms")) return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            if (value.endsWith("s")) return ofSeconds(value.substring(0, value.length() - 1));
            if (value.endsWith("m")) return ofSeconds(value.substring(0, value.length() - 1)).multipliedBy(60);
            return ofSeconds(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is not a duration (10s, 500ms, 2m): \"" + value + "\"");
        }
    }

    private static Duration ofSeconds(String number) {
        return Duration.ofNanos(Math.round(Double.parseDouble(number) * 1e9));
    }
}
