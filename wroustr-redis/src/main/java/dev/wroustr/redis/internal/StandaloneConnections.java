package dev.wroustr.redis.internal;

import io.lettuce.core.ClientListArgs;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** One Redis, or the master behind Redis Sentinel: classic {@code PUBLISH}/{@code SUBSCRIBE}. */
final class StandaloneConnections implements Connections {
    private final RedisURI redisUri;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisConnection<String, String> publishing;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final Publisher publisher;

    StandaloneConnections(RedisURI redisUri, ClientResources resources, ClientOptions options, Runnable onFailure) {
        this.redisUri = redisUri;
        this.client = RedisClient.create(resources, redisUri);
        client.setOptions(options);
        try {
            this.connection = client.connect();
            this.publishing = client.connect();
            this.subscriber = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        this.publisher = new Publisher(publishing, publishing.async(), publishing.async()::publish, onFailure);
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
        return publisher.send(() -> publishing.async().clientList(ClientListArgs.Builder.typePubsub())).thenApply(List::of);
    }

    @Override
    public CompletionStage<Void> subscribe(String... channels) {
        return subscriber.async().subscribe(channels);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String... channels) {
        return subscriber.async().unsubscribe(channels);
    }

    @Override
    public void listen(BiConsumer<String, String> message) {
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String text) {
                message.accept(channel, text);
            }
        });
    }

    @Override
    public CompletionStage<Map<String, Long>> subscribers(String... channels) {
        return connection.async().pubsubNumsub(channels);
    }

    @Override
    public void watchSubscriber(Runnable cut, Runnable back) {
        watch(subscriber, cut, back);
    }

    @Override
    public void watchPublishing(Runnable down, Runnable back) {
        watch(publishing, down, back);
    }

    private void watch(Object watched, Runnable down, Runnable back) {
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == watched) down.run();
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler == watched) back.run();
            }
        });
    }

    @Override
    public boolean restoresSubscriptions() {
        return true;
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
        if (redisUri.getSentinelMasterId() == null) return redisUri.getHost() + ":" + redisUri.getPort();
        return "master " + redisUri.getSentinelMasterId() + " of sentinels " + redisUri.getSentinels().stream()
                .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort()).toList();
    }

    @Override
    public void close() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
