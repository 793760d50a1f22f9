package dev.wroustr.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of the test's own: six redis-server processes on free loopback ports, three
 * masters and a replica of each, made one cluster with {@code redis-cli --cluster create}. Its
 * config files go in {@code dir}. Public for the CLI's test of demos on a Redis Cluster. A node's failure is detected after {@link #NODE_TIMEOUT_MS}.
 */
public final class RedisClusterProcesses implements AutoCloseable {
    static final int NODE_TIMEOUT_MS = 1000;

    private final List<RedisProcess> nodes = new ArrayList<>();
    private final Map<RedisProcess, RedisCommands<String, String>> admins = new ConcurrentHashMap<>();

    private RedisClusterProcesses() {}

    public static RedisClusterProcesses start(Path dir) throws Exception {
        RedisClusterProcesses cluster = new RedisClusterProcesses();
        try {
            for (int i = 0; i < 6; i++) cluster.nodes.add(startNode(dir));
            List<String> create = new ArrayList<>(List.of("/usr/bin/redis-cli", "--cluster", "create"));
            for (RedisProcess node : cluster.nodes) create.add("127.0.0.1:" + node.port());
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process cli = new ProcessBuilder(create).redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0) throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            ClusterNodes.eventually("every node sees the cluster ok, with its replicas", () -> cluster.nodes.stream().allMatch(node -> {
                String info = cluster.admin(node).clusterInfo();
                return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:6") && info.contains("cluster_slots_ok:16384");
            }));
            // A replica whose link to its master never came up is too stale to be promoted.
            ClusterNodes.eventually("every replica synced with its master", () -> cluster.nodes.stream()
                    .map(node -> cluster.admin(node).info("replication"))
                    .filter(info -> info.contains("role:slave"))
                    .filter(info -> info.contains("master_link_status:up"))
                    .count() == 3);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * One node on two free ports (its own and its cluster bus'). A port found free may be taken
     * before redis-server binds it (by another process, or by the bus of a node just started):
     * such a node exits at once, and another pair of ports is tried.
     */
    private static RedisProcess startNode(Path dir) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int bus = freePort();
            try {
                return RedisProcess.start(List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", dir.resolve("nodes-" + bus + ".conf").toString(), "--dir", dir.toString(),
                        // Its own free port: the default, the port plus 10000, may be taken or past 65535.
                        "--cluster-port", Integer.toString(bus),
                        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                        // A replica syncs at once, not 5 s later: one that never synced is not promoted.
                        "--repl-diskless-sync-delay", "0"));
            } catch (IllegalStateException e) {
                if (attempt == 3 || !e.getMessage().contains("exited")) throw e;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The seeds, as {@code RedisCluster.connect} takes them: two of the nodes. */
    public String uri() {
        return "redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port();
    }

    /** The master that owns {@code channel}'s (or key's) slot now. */
    RedisProcess masterOf(String channel) {
        RedisProcess any = nodes.stream().filter(this::alive).findFirst().orElseThrow();
        long slot = admin(any).clusterKeyslot(channel);
        for (String line : admin(any).clusterNodes().split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) continue;
            for (int i = 8; i < fields.length; i++) {
                if (fields[i].startsWith("[")) continue; // a slot being migrated
                String[] range = fields[i].split("-");
                long from = Long.parseLong(range[0]), to = Long.parseLong(range[range.length - 1]);
                if (slot >= from && slot <= to) {
                    int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                    return nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow();
                }
            }
        }
        throw new IllegalStateException("no master owns slot " + slot);
    }

    /** The replica of {@code master}, as the replicas say. */
    RedisProcess replicaOf(RedisProcess master) {
        return nodes.stream().filter(this::alive).filter(node -> {
            String info = admin(node).info("replication");
            return info.contains("role:slave") && info.contains("master_port:" + master.port() + "\r\n");
        }).findFirst().orElseThrow(() -> new IllegalStateException("no replica of port " + master.port() + ":\n" + nodes()));
    }

    /** CLUSTER NODES, as a live node says it: for a test that failed. */
    String nodes() {
        return admin(nodes.stream().filter(this::alive).findFirst().orElseThrow()).clusterNodes();
    }

    /** The masters' processes, as the cluster says now. */
    List<RedisProcess> masters() {
        return nodes.stream().filter(this::alive).filter(node -> admin(node).role().get(0).equals("master")).toList();
    }

    /** Commands to one node, on one connection kept for the test. */
    RedisCommands<String, String> admin(RedisProcess node) {
        return admins.computeIfAbsent(node, RedisProcess::admin);
    }

    private boolean alive(RedisProcess node) {
        return node.isAlive();
    }

    @Override
    public void close() throws Exception {
        for (RedisProcess node : nodes) node.close();
    }
}
