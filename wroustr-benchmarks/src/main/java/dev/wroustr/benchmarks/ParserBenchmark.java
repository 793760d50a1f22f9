package dev.wroustr.benchmarks;

import dev.wroustr.Message;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Message#parse(String)} of the three messages in {@link Payloads}: average time per
 * parse in nanoseconds; run with {@code -prof gc} for bytes allocated per parse.
 *
 * <pre>java -jar wroustr-benchmarks/target/benchmarks.jar -prof gc -f 1 -wi 3 -i 5 Parser</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ParserBenchmark {
    // Non-final fields, so the JIT cannot fold the input into a constant.
    String typical = Payloads.TYPICAL;
    String ping = Payloads.PING;
    String kib = Payloads.KIB;

    @Benchmark
    public Message parseTypical() {
        return Message.parse(typical);
    }

    @Benchmark
    public Message parsePing() {
        return Message.parse(ping);
    }

    @Benchmark
    public Message parse1KiB() {
        return Message.parse(kib);
    }
}
