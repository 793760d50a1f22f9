/**
 * Not API: may change in any release. The Netty pipelines of the server and the client.
 */
package dev.wroustr.internal.netty;
