/**
 * The {@code wroustr} command line: {@code demo} (a chat server), {@code connect} (an
 * interactive client) and {@code bench} (a load generator on raw Netty).
 *
 * <p>{@link dev.wroustr.cli.Main#fromArgs(String...)} runs a command in-process with its own
 * standard streams; {@link dev.wroustr.cli.DemoServer#create(String, int)} builds the demo's
 * server for tests and benchmarks. Everything else here is not API.
 */
package dev.wroustr.cli;
