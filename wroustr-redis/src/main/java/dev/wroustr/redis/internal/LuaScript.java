package dev.wroustr.redis.internal;

import dev.wroustr.WroustrException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One atomic Redis job, a Lua script named for it ({@code NAME.lua} beside this class), called by
 * its SHA; Redis learns it from the first {@code EVAL}, which runs only when Redis does not know
 * it (the first call, and after a restart or a failover).
 */
final class LuaScript {
    private final String name;
    private final String body;
    private final String sha;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    static LuaScript named(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) throw new IllegalStateException("script " + name + ".lua is missing from the jar");
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WroustrException("cannot read script " + name + ".lua: " + e.getMessage(), e);
        }
    }

    /** Runs the script, by SHA, and by its text if Redis does not know the SHA. */
    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        return run(new Sender() {
            @Override
            public <R> CompletionStage<R> send(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<R>> command) {
                return command.apply(redis);
            }
        }, type, keys, args);
    }

    /** Runs the script in the publisher's next batch, ordered with what else goes there. */
    <T> CompletableFuture<T> run(Publisher batch, ScriptOutputType type, String[] keys, String... args) {
        return run(new Sender() {
            @Override
            public <R> CompletionStage<R> send(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<R>> command) {
                return batch.send(command);
            }
        }, type, keys, args);
    }

    private interface Sender {
        <R> CompletionStage<R> send(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<R>> command);
    }

    private <T> CompletableFuture<T> run(Sender sender, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        sender.<T>send(redis -> redis.evalsha(sha, type, keys, args)).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (unwrap(failure) instanceof RedisNoScriptException) {
                sender.<T>send(redis -> redis.eval(body, type, keys, args)).whenComplete((again, evalFailure) -> {
                    if (evalFailure == null) result.complete(again);
                    else result.completeExceptionally(evalFailure);
                });
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /** Has Redis learn the script now, so that no call of it is sent again out of order. */
    CompletableFuture<String> load(RedisScriptingAsyncCommands<String, String> redis) {
        return redis.scriptLoad(body).toCompletableFuture();
    }

    @Override
    public String toString() {
        return name + ".lua";
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
