/** The demo's chat as a Spring Boot application: {@code wroustr-examples-spring/run}. */
package dev.wroustr.examples.spring;
