/**
 * The wroustr client: {@link dev.wroustr.client.Connector}, which keeps one connection to a
 * server up, and its {@link dev.wroustr.client.Reconnect} policy.
 */
package dev.wroustr.client;
