package dev.wroustr;

import java.util.Objects;

/**
 * Sees the raw text of every message before parsing (incoming) or after writing (outgoing),
 * and returns the text to pass on or a cancel. Useful for encryption or compression.
 *
 * <p>Incoming interceptors run in the order added, on the handler thread of the connection;
 * outgoing ones in the order added, on the thread that sends. A cancel drops that one
 * message; the connection stays open. One that throws counts as a cancel and raises
 * {@code ERROR}.
 *
 * @param <S> the application state
 */
@FunctionalInterface
public interface Interceptor<S> {
    /**
     * @param text the raw text
     * @param uuid the connection's uuid on the server; {@code null} on the client
     * @param state the application state
     */
    Result intercept(String text, String uuid, S state) throws Exception;

    /** Passes {@code text} on. */
    static Result pass(String text) {
        return new Result(Objects.requireNonNull(text, "text"));
    }

    /** Drops this message. */
    static Result cancel() {
        return Result.CANCEL;
    }

    /** What an interceptor decided: pass a text on, or cancel. */
    final class Result {
        static final Result CANCEL = new Result(null);
        private final String text;

        private Result(String text) {
            this.text = text;
        }

        /** Whether the text goes on; false for a cancel. */
        public boolean passed() {
            return text != null;
        }

        /** The text passed on, or {@code null} when cancelled. */
        public String text() {
            return text;
        }
    }
}
