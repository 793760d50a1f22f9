/**
 * The Redis cluster's machinery, one job a class: {@link dev.wroustr.redis.internal.LettuceNode}
 * wires the connections ({@code RedisLink}), where uuids live ({@code Locations}), presence and
 * the lease ({@code Presence}), what a node hears ({@code Subscriptions}), the batching publisher
 * and how much it may publish ({@code PublishCredit}, {@code SubscriberRoom}), and the keys and
 * channels ({@code Keys}, {@code ChannelParts}). Not API: may change in any release.
 */
package dev.wroustr.redis.internal;
