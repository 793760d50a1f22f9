/**
 * Resume (PROTOCOL.md section 11): the numbering, acknowledgement and keeping of the messages of
 * a session, shared by the server and the client.
 */
package dev.wroustr.internal.resume;
