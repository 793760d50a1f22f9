/**
 * The wroustr server: {@link dev.wroustr.server.Server}, its per-connection
 * {@link dev.wroustr.server.ServerDispatcher}, handshake checks and connection attributes.
 */
package dev.wroustr.server;
