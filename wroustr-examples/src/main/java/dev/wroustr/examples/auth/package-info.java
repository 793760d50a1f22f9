/**
 * The seed's layer example: an {@code AUTH} layer that runs on {@code @REQUEST-DATA} only
 * (blocked on {@code CONNECTED} and {@code DISCONNECTED}) and answers {@code @AUTH-FAILED} to a
 * bad token, so the route itself never checks.
 */
package dev.wroustr.examples.auth;
