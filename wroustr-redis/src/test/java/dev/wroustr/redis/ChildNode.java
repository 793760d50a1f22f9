package dev.wroustr.redis;

import dev.wroustr.server.RunningServer;

/** A cluster node in a process of its own, for the test that kills one: prints its URI, then serves. */
public final class ChildNode {
    private ChildNode() {}

    public static void main(String[] args) throws InterruptedException {
        RunningServer running = ClusterNodes.node(args[0], args[1]).start();
        System.out.println(running.uri());
        System.out.flush();
        running.awaitClosed();
    }
}
