/**
 * Runnable examples of wroustr, one package each: {@code seed} (the original crate's README
 * ported), {@code auth} (a layer that checks a token), {@code encryption} (AES-GCM interceptors).
 * Each has a {@code main} that prints what happens, and methods the tests call in-process.
 */
package dev.wroustr.examples;
