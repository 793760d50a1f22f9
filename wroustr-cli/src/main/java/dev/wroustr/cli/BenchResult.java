package dev.wroustr.cli;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a bench run measured: counts of requests sent and replies received in the measured
 * window (warmup excluded), and the latency of those replies in microseconds.
 */
record BenchResult(BenchConfig config, long sent, long received, long errors, Histogram latencyMicros) {

    double messagesPerSecond() {
        return received / config.durationSeconds();
    }

    long percentile(double p) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(p);
    }

    long max() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue();
    }

    /** One JSON object on one line; a benchmark script reads these field names. */
    String toJson() {
        return "{\"url\":" + quote(config.url().toString())
                + ",\"connections\":" + config.connections()
                + ",\"pipeline\":" + config.pipeline()
                + ",\"rate\":" + config.rate()
                + ",\"size\":" + config.size()
                + ",\"durationSeconds\":" + decimal(config.durationSeconds())
                + ",\"sent\":" + sent
                + ",\"received\":" + received
                + ",\"errors\":" + errors
                + ",\"messagesPerSecond\":" + decimal(messagesPerSecond())
                + ",\"latencyMicros\":{"
                + "\"p50\":" + percentile(50)
                + ",\"p90\":" + percentile(90)
                + ",\"p99\":" + percentile(99)
                + ",\"p999\":" + percentile(99.9)
                + ",\"max\":" + max()
                + "}}";
    }

    /** The human-readable summary. */
    String toTable() {
        String mode = config.openLoop()
                ? "fixed rate " + config.rate() + " msg/s"
                : "closed loop, " + config.pipeline() + " in flight per connection";
        return String.format(Locale.ROOT,
                "%s: %d connections, %s, %d-byte %s, %.1fs measured%n"
                        + "  sent          %,12d%n"
                        + "  received      %,12d%n"
                        + "  errors        %,12d%n"
                        + "  messages/s    %,14.1f%n"
                        + "  latency (us)  p50 %,d  p90 %,d  p99 %,d  p99.9 %,d  max %,d%n",
                config.url(), config.connections(), mode, config.size(), config.route(), config.durationSeconds(),
                sent, received, errors, messagesPerSecond(),
                percentile(50), percentile(90), percentile(99), percentile(99.9), max());
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
