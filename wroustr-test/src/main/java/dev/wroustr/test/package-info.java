/**
 * The wroustr test kit, for JUnit 5: {@link dev.wroustr.test.TestServer} starts a server on
 * port 0 (or wraps one started elsewhere, such as a Spring context's), {@link
 * dev.wroustr.test.TestClient} records what arrives and asserts on it with a default timeout,
 * and {@link dev.wroustr.test.TestCluster} runs nodes of one cluster on a Redis the test names.
 * Everything runs on real sockets on the loopback interface.
 */
package dev.wroustr.test;
