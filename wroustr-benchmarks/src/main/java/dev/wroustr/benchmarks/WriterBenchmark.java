package dev.wroustr.benchmarks;

import dev.wroustr.Message;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing the three messages in {@link Payloads} (parsed once, written each time): {@code wire*}
 * into UTF-8 bytes, as a server or connector sends a message; {@code write*} into a String with
 * {@link Message#toText()}. A parsed message passed on unchanged is written from its text;
 * {@code wireBuiltTypical} writes the typical message built by hand instead. Plus building the typical message with {@link Message#route} and
 * {@link Message#param} and writing it for the wire, as a handler that replies does. Average
 * time per write in nanoseconds; run with {@code -prof gc} for bytes allocated per write.
 *
 * <pre>java -jar wroustr-benchmarks/target/benchmarks.jar -prof gc -f 1 -wi 3 -i 5 Writer</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WriterBenchmark {
    Message typical;
    Message builtTypical;
    Message ping;
    Message kib;
    // Non-final, so building the message is not folded into a constant.
    String room = "lobby";
    long seq = 123456;
    String text = "hello there, how are you doing today?";

    @Setup
    public void parseOnce() {
        typical = Message.parse(Payloads.TYPICAL);
        builtTypical = Message.route("@SAY").param("room", room).param("seq", seq).param("text", text).param("ok", true);
        ping = Message.parse(Payloads.PING);
        kib = Message.parse(Payloads.KIB);
        // A writer that does not write the canonical text would make these numbers meaningless.
        check(typical, Payloads.TYPICAL);
        check(builtTypical, Payloads.TYPICAL);
        check(ping, Payloads.PING);
        check(kib, Payloads.KIB);
    }

    private static void check(Message message, String expected) {
        if (!message.toText().equals(expected) || !new String(message.toUtf8(), StandardCharsets.UTF_8).equals(expected)) {
            throw new IllegalStateException("writer is not canonical: \"" + message.toText() + "\"");
        }
    }

    @Benchmark
    public String writeTypical() {
        return typical.toText();
    }

    @Benchmark
    public String writePing() {
        return ping.toText();
    }

    @Benchmark
    public String write1KiB() {
        return kib.toText();
    }

    @Benchmark
    public byte[] wireTypical() {
        return typical.toUtf8();
    }

    /** The typical message built by hand: its values are strings to look at, not parsed text. */
    @Benchmark
    public byte[] wireBuiltTypical() {
        return builtTypical.toUtf8();
    }

    @Benchmark
    public byte[] wire1KiB() {
        return kib.toUtf8();
    }

    @Benchmark
    public byte[] buildAndWireTypical() {
        return Message.route("@SAY")
                .param("room", room)
                .param("seq", seq)
                .param("text", text)
                .param("ok", true)
                .toUtf8();
    }
}
