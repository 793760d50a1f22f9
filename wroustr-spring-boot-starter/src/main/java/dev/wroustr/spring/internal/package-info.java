/** Not API: may change in any release. How the starter registers route methods, runs the server's lifecycle and reports health. */
package dev.wroustr.spring.internal;
