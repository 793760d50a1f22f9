package dev.wroustr.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters for the option types the commands share. */
final class Options {
    private Options() {}

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1.5s}; a bare number is seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            long unitNanos;
            String number;
            if (v.endsWith("ms")) {
                unitNanos = 1_000_000L;
                number = v.substring(0, v.length() - 2);
            } else if (v.endsWith("s")) {
                unitNanos = 1_000_000_000L;
                number = v.substring(0, v.length() - 1);
            } else if (v.endsWith("m")) {
                unitNanos = 60_000_000_000L;
                number = v.substring(0, v.length() - 1);
            } else {
                unitNanos = 1_000_000_000L;
                number = v;
            }
            try {
                double amount = Double.parseDouble(number);
                if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) throw new NumberFormatException();
                return Duration.ofNanos((long) (amount * unitNanos));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("not a duration: '" + value + "' (try 10s, 500ms or 2m)");
            }
        }
    }

    /** A WebSocket URL: {@code ws://} or {@code wss://} with a host; the path defaults to {@code /}. */
    static URI webSocketUrl(CommandLine commandLine, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new CommandLine.ParameterException(commandLine, "not a URL: '" + value + "'");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
            throw new CommandLine.ParameterException(commandLine,
                    "not a WebSocket URL: '" + value + "' (it must start with ws:// or wss://)");
        }
        if (uri.getHost() == null) {
            throw new CommandLine.ParameterException(commandLine, "no host in URL: '" + value + "'");
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            try {
                uri = new URI(scheme.toLowerCase(Locale.ROOT), uri.getRawUserInfo(), uri.getHost(), uri.getPort(),
                        "/", uri.getRawQuery(), null);
            } catch (URISyntaxException e) {
                throw new CommandLine.ParameterException(commandLine, "not a URL: '" + value + "'");
            }
        }
        return uri;
    }
}
