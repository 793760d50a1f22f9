package dev.wroustr.redis.internal;

import io.lettuce.core.ClientListArgs;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import reactor.core.Disposable;

/**
 * A Redis Cluster: commands routed by key to the master of their slot, channels sharded
 * ({@code SPUBLISH}/{@code SSUBSCRIBE}), so that a publish goes to the one shard that owns its
 * channel instead of every node of the cluster.
 *
 * <p>Lettuce follows the topology (refreshed every second, and at once on a redirection or a
 * connection that fails to come back), and subscribes again by itself a shard connection that
 * reconnects to the same node; it does not subscribe again at the new owner a channel whose slot
 * moved, as in a failover, so {@link #watchTopology} lets the node do that. A failed node leaves
 * the topology, so its connections close instead of reconnecting to nothing.
 */
final class ClusterConnections implements Connections {
    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final List<RedisURI> seeds;
    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> connection;
    private final StatefulRedisClusterConnection<String, String> publishing;
    private final StatefulRedisClusterPubSubConnection<String, String> subscriber;
    private final Publisher publisher;
    // The command connections that dropped and are not back.
    private final Set<RedisChannelHandler<?, ?>> dropped = ConcurrentHashMap.newKeySet();
    private volatile Runnable publishingBack;
    private volatile Disposable topologyEvents;

    ClusterConnections(List<RedisURI> seeds, ClientResources resources, ClusterClientOptions.Builder options, Runnable onFailure) {
        this.seeds = seeds;
        this.client = RedisClusterClient.create(resources, seeds);
        client.setOptions(options
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        // Every adaptive trigger is on by default (Lettuce 7): a redirection or a
                        // connection that fails to come back refreshes at once.
                        .enablePeriodicRefresh(REFRESH)
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(100))
                        .refreshTriggersReconnectAttempts(1)
                        .closeStaleConnections(true)
                        .build())
                // A master that failed stays in CLUSTER NODES; left in the topology, Lettuce
                // would keep reconnecting to it.
                .nodeFilter(node -> !(node.is(RedisClusterNode.NodeFlag.FAIL) || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                        || node.is(RedisClusterNode.NodeFlag.NOADDR)))
                .build());
        try {
            this.connection = client.connect();
            this.publishing = client.connect();
            this.subscriber = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        // Messages arrive on the connection to each shard's master; they reach our listeners only with this.
        subscriber.setNodeMessagePropagation(true);
        try {
            warm().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw new RedisException("cannot connect to every master of the cluster: " + e, e);
        }
        this.publisher = new Publisher(publishing, publishing.async(), publishing.async()::spublish, onFailure);
    }

    /**
     * Connects to every master now. Lettuce connects to a shard at its first command, and, as
     * commands fail at once while not connected, it would refuse that command: the first
     * publish to each shard, after the start and after a failover.
     */
    private CompletableFuture<Void> warm() {
        List<CompletableFuture<?>> connecting = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) continue;
            String host = node.getUri().getHost();
            int port = node.getUri().getPort();
            connecting.add(connection.getConnectionAsync(host, port));
            connecting.add(publishing.getConnectionAsync(host, port));
            connecting.add(subscriber.getConnectionAsync(host, port));
        }
        return CompletableFuture.allOf(connecting.toArray(CompletableFuture<?>[]::new));
    }

    @Override
    public RedisClusterAsyncCommands<String, String> commands() {
        return connection.async();
    }

    @Override
    public Publisher publisher() {
        return publisher;
    }

    @Override
    public CompletionStage<List<String>> subscriberBuffers() {
        return publisher.send(() -> {
            // Each master's connection of the publishing side, there since warm(): in order with its publishes.
            List<CompletableFuture<String>> lists = new ArrayList<>();
            for (RedisClusterNode node : connection.getPartitions()) {
                if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) continue;
                StatefulRedisConnection<String, String> master =
                        publishing.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()).getNow(null);
                if (master != null) lists.add(master.async().clientList(ClientListArgs.Builder.typePubsub()).toCompletableFuture());
            }
            return CompletableFuture.allOf(lists.toArray(CompletableFuture<?>[]::new))
                    .thenApply(done -> lists.stream().map(CompletableFuture::join).toList());
        });
    }

    @Override
    public CompletionStage<Void> subscribe(String... channels) {
        // Each channel to its own shard: one SSUBSCRIBE names channels of one slot only.
        return all(channels, channel -> subscriber.async().ssubscribe(channel));
    }

    @Override
    public CompletionStage<Void> unsubscribe(String... channels) {
        return all(channels, channel -> subscriber.async().sunsubscribe(channel));
    }

    private static CompletionStage<Void> all(String[] channels, Function<String, CompletionStage<Void>> each) {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[channels.length];
        for (int i = 0; i < channels.length; i++) futures[i] = each.apply(channels[i]).toCompletableFuture();
        return CompletableFuture.allOf(futures);
    }

    @Override
    public void listen(BiConsumer<String, String> message) {
        subscriber.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, String text) {
                // A replica hears what its master publishes to its shard: a master that failed and
                // came back as a replica, which Lettuce subscribes again by itself, would hand
                // this node every message twice.
                if (node == null || !node.is(RedisClusterNode.NodeFlag.REPLICA)) message.accept(channel, text);
            }
        });
    }

    @Override
    public CompletionStage<Map<String, Long>> subscribers(String... channels) {
        // Routed by the first channel's slot: ask for one channel at a time.
        if (channels.length != 1) throw new IllegalArgumentException("one channel at a time on a Redis Cluster");
        return connection.async().pubsubShardNumsub(channels);
    }

    // The connections to each shard are Lettuce's own, made as they are needed: told apart by
    // their kind, since only the subscriber makes pub/sub connections. Lettuce also opens and
    // closes a connection to every node at each topology refresh: a connection closed on purpose
    // is no drop, and a command connection counts as back only after it dropped.

    @Override
    public void watchSubscriber(Runnable cut, Runnable back) {
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler instanceof StatefulRedisPubSubConnection<?, ?> && !handler.isClosed()) cut.run();
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler instanceof StatefulRedisPubSubConnection<?, ?>) back.run();
            }
        });
    }

    @Override
    public void watchPublishing(Runnable down, Runnable back) {
        this.publishingBack = back;
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler instanceof StatefulRedisPubSubConnection<?, ?> || handler.isClosed()) return;
                dropped.add(handler);
                down.run();
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (dropped.remove(handler) && dropped.isEmpty()) back.run();
            }
        });
    }

    @Override
    public void watchTopology(Runnable changed) {
        topologyEvents = client.getResources().eventBus().get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(event -> {
                    // A dead master's connections, closed as it left the topology, never come back.
                    if (dropped.removeIf(RedisChannelHandler::isClosed) && dropped.isEmpty() && publishingBack != null) publishingBack.run();
                    warm().whenComplete((connected, failure) -> changed.run());
                });
    }

    @Override
    public boolean restoresSubscriptions() {
        return false;
    }

    @Override
    public boolean canPublish() {
        return publishing.isOpen();
    }

    @Override
    public boolean isConnected() {
        return connection.isOpen() && publishing.isOpen() && subscriber.isOpen();
    }

    @Override
    public String address() {
        return "cluster of seeds " + seeds.stream().map(seed -> seed.getHost() + ":" + seed.getPort()).toList();
    }

    @Override
    public void close() {
        Disposable events = topologyEvents;
        if (events != null) events.dispose();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
