/**
 * Benchmarks of wroustr and the baseline it is measured against. Not API; not published.
 *
 * <ul>
 *   <li>JMH benchmarks ({@link dev.wroustr.benchmarks.ParserBenchmark},
 *       {@link dev.wroustr.benchmarks.WriterBenchmark}): run through {@code benchmarks.jar},
 *       whose main class is JMH's.</li>
 *   <li>Servers for the end-to-end comparison: {@link dev.wroustr.benchmarks.BareNettyEchoServer}
 *       (plain Netty, the baseline) and {@code WroustrBenchServer} (the same two routes on
 *       wroustr).</li>
 *   <li>Load drivers for what {@code wroustr bench} does not cover:
 *       {@link dev.wroustr.benchmarks.IdleConnections} and
 *       {@link dev.wroustr.benchmarks.BroadcastBench}.</li>
 * </ul>
 *
 * <p>{@code bench/run.sh} at the repository root runs them all; {@code BENCHMARKS.md} says how
 * to read the numbers.
 */
package dev.wroustr.benchmarks;
