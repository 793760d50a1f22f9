package dev.wroustr.examples.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wroustr.Message;
import dev.wroustr.examples.Output;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EncryptionExampleTest {
    private final AesGcm cipher = AesGcm.fromBase64(AesGcm.EXAMPLE_KEY);

    @Test
    void runPrintsThePlainNoteOnBothSides() throws Exception {
        Output out = new Output();
        EncryptionExample.run(out.stream());
        assertThat(out.text()).contains(
                "Client sends: @NOTE #text 'hi there'",
                "Server got @NOTE: hi there",
                "Client got @NOTE-RECEIVED: hi there");
        assertThat(out.text()).containsPattern("On the wire it looks like: [A-Za-z0-9+/=]+\n");
    }

    @Test
    void cipherRoundTripsWithAFreshIvEachTimeAndRejectsTampering() throws Exception {
        String a = cipher.encrypt("@NOTE #text x");
        String b = cipher.encrypt("@NOTE #text x");
        assertThat(a).isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a)).hasSize(12 + "@NOTE #text x".length() + 16);
        assertThat(cipher.decrypt(a)).isEqualTo("@NOTE #text x");
        byte[] tampered = Base64.getDecoder().decode(a);
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(Base64.getEncoder().encodeToString(tampered)))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> cipher.decrypt("@NOTE #text x")).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void handlersSeePlainTextWhileTheWireCarriesOnlyCiphertext() throws Exception {
        Output out = new Output();
        try (var running = EncryptionExample.server("127.0.0.1:0", cipher, out.stream()).start();
             var raw = TestClient.connect(running.uri())) {
            String sent = cipher.encrypt("@NOTE #text 'hi there'");
            assertThat(sent).doesNotContain("@NOTE").doesNotContain("hi there");
            raw.send(sent);
            String onTheWire = raw.take();
            assertThat(onTheWire).doesNotContain("@NOTE-RECEIVED").doesNotContain("hi there").matches("[A-Za-z0-9+/=]+");
            assertThat(cipher.decrypt(onTheWire)).isEqualTo("@NOTE-RECEIVED #text 'hi there'");
            assertThat(out.lines()).containsExactly("Server got @NOTE: hi there");
        }
    }

    @Test
    void messageThatFailsToDecryptIsDroppedAndTheNextOneWorks() throws Exception {
        Output out = new Output();
        AesGcm otherKey = AesGcm.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));
        try (var running = EncryptionExample.server("127.0.0.1:0", cipher, out.stream()).start();
             var raw = TestClient.connect(running.uri())) {
            raw.send("@NOTE #text plain");                              // not ciphertext at all
            raw.send(otherKey.encrypt("@NOTE #text wrong-key"));        // another key
            raw.send(cipher.encrypt("@NOTE #text good"));
            assertThat(cipher.decrypt(raw.take())).isEqualTo("@NOTE-RECEIVED #text good");
            raw.assertExhausted(); // no answer to the dropped ones, and no close
            assertThat(out.lines()).containsExactly("Server got @NOTE: good");
        }
    }

    @Test
    void clientWithBothInterceptorsTalksToTheServerInPlainMessages() throws Exception {
        Output out = new Output();
        Recorder<String> received = new Recorder<>();
        var server = EncryptionExample.server("127.0.0.1:0", cipher, out.stream());
        try (var running = server.start();
             var client = EncryptionExample.client(running.uri().toString(), cipher)) {
            client.route("@NOTE-RECEIVED", (params, dispatcher, state) -> received.add(params.get("text")));
            client.connect().get();
            client.send(Message.route("@NOTE").param("text", "one"));
            client.send(Message.route("@NOTE").param("text", "two"));
            assertThat(received.take(2, 5)).containsExactly("one", "two");
            assertThat(out.lines()).containsExactly("Server got @NOTE: one", "Server got @NOTE: two");
        }
    }
}
