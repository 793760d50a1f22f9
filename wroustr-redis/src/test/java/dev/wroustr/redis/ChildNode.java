package dev.wroustr.redis;

import dev.wroustr.server.RunningServer;

/**
 * A cluster node in a process of its own, for the tests that kill one: prints its URI, then
 * serves. A third argument turns resume on with that window in milliseconds ({@link ClusterNodes#resuming}).
 */
public final class ChildNode {
    private ChildNode() {}

    public static void main(String[] args) throws InterruptedException {
        RunningServer running = (args.length > 2
                ? ClusterNodes.resuming(ClusterNodes.node(args[0], args[1]), java.time.Duration.ofMillis(Long.parseLong(args[2])))
                : ClusterNodes.node(args[0], args[1])).start();
        System.out.println(running.uri());
        System.out.flush();
        running.awaitClosed();
    }
}
