/**
 * The two examples of the original wroustr README, in Java: {@link dev.wroustr.examples.seed.SeedServer}
 * ({@code @LOGIN}, {@code CONNECTED}, {@code @INIT} as a method reference) and
 * {@link dev.wroustr.examples.seed.SeedClient} ({@code CONNECTED}, {@code @PING} answered with {@code @PONG}).
 */
package dev.wroustr.examples.seed;
