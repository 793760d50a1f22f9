/**
 * Interceptors that encrypt every message with AES-GCM (JDK {@code javax.crypto} only): the
 * outgoing one encrypts, the incoming one decrypts and drops what fails to decrypt. Handlers see
 * plain text; the wire carries only Base64 ciphertext.
 */
package dev.wroustr.examples.encryption;
