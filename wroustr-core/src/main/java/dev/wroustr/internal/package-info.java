/**
 * Not API: may change in any release. Routing, layers, interceptors and the execution model
 * shared by the server and the client.
 */
package dev.wroustr.internal;
