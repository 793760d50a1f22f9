package dev.wroustr.examples.encryption;

import dev.wroustr.Message;
import dev.wroustr.client.Connector;
import dev.wroustr.client.Reconnect;
import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server and a client that speak AES-GCM on the wire through interceptors, while their
 * routes read and write plain wroustr messages. The server answers {@code @NOTE #text T} with
 * {@code @NOTE-RECEIVED #text T}.
 *
 * <p>Run: {@code wroustr-examples/run encryption.EncryptionExample}.
 * It starts the server on a free port, connects a client that sends one note, prints what each
 * side saw, and stops.
 */
public final class EncryptionExample {
    private EncryptionExample() {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** The server with both interceptors and the {@code @NOTE} route, not started yet. */
    public static Server<Void> server(String address, AesGcm cipher, PrintStream out) {
        var server = new Server<Void>(address, null);
        server.interceptIncoming(cipher.decrypting());
        server.interceptOutgoing(cipher.encrypting());
        server.route("@NOTE", (params, dispatcher, state) -> {
            out.println("Server got @NOTE: " + params.get("text"));
            dispatcher.send(Message.route("@NOTE-RECEIVED").param("text", params.require("text")));
        });
        return server;
    }

    /** A connector with both interceptors, not connected yet. */
    public static Connector<Void> client(String url, AesGcm cipher) {
        return new Connector<Void>(url, null)
                .interceptIncoming(cipher.decrypting())
                .interceptOutgoing(cipher.encrypting());
    }

    /** Starts the server, sends one note from a client, prints what both sides saw. */
    public static void run(PrintStream out) throws Exception {
        AesGcm cipher = AesGcm.fromBase64(AesGcm.EXAMPLE_KEY);
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        try (RunningServer running = server("127.0.0.1:0", cipher, out).start();
             var client = client(running.uri().toString(), cipher).reconnect(Reconnect.never())) {
            client.route("@NOTE-RECEIVED", (params, dispatcher, state) -> answers.add(params.get("text")));
            client.connect().get(5, TimeUnit.SECONDS);
            Message note = Message.route("@NOTE").param("text", "hi there");
            out.println("Client sends: " + note.toText());
            out.println("On the wire it looks like: " + cipher.encrypt(note.toText()));
            client.send(note);
            String answer = answers.poll(5, TimeUnit.SECONDS);
            out.println("Client got @NOTE-RECEIVED: " + (answer == null ? "nothing" : answer));
        }
    }
}
