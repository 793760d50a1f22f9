/** The Redis cluster's machinery: keys, envelopes, the batching publisher, the node. Not API: may change in any release. */
package dev.wroustr.redis.internal;
