/**
 * Cluster mode on Redis: {@link dev.wroustr.redis.RedisCluster} makes several wroustr servers
 * behave as one. See {@code README.md}, section "Cluster (Redis)".
 */
package dev.wroustr.redis;
