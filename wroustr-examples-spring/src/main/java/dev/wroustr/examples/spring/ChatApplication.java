package dev.wroustr.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The chat of {@code ./wroustr demo} as a Spring Boot application: the starter builds the server
 * from {@code application.properties}, {@link ChatRoutes} holds the routes, and the server starts
 * and stops with the context. Run it with {@code wroustr-examples-spring/run}, connect with
 * {@code ./wroustr connect ws://127.0.0.1:9000}.
 */
@SpringBootApplication
public class ChatApplication {
    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
