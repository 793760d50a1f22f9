package dev.wroustr;

/**
 * A message's params do not bind to a record ({@link Params#as(Class)}): a param is missing,
 * does not parse as its component's type, or the record's constructor refused the values.
 * The message names the param where one is known; a value is never quoted, since params can
 * carry tokens.
 *
 * <p>Thrown from a handler, it raises {@code INVALID} with the error {@code bad-param} rather
 * than {@code ERROR}, and a request gets the error reply {@code bad-param} (PROTOCOL.md
 * sections 3 and 9).
 */
public final class ParamBindingException extends ParamException {
    /** Why the params did not bind; {@link #wireName()} is how {@code INVALID}'s {@code reason} param writes it. */
    public enum Reason {
        /** The param is absent and its component is not an {@code Optional}. */
        MISSING("missing"),
        /** The value does not parse as the component's type. */
        MALFORMED("malformed"),
        /** The record's constructor threw: its validation refused the values. */
        REFUSED("refused");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        /** The reason as {@code INVALID} reports it, e.g. {@code malformed}. */
        public String wireName() {
            return wireName;
        }
    }

    private final Reason reason;

    /**
     * @param key the param at fault, or {@code null} where a constructor refused the values
     *     without naming one
     * @param reason why it did not bind
     * @param message what is wrong, naming the key
     * @param cause what the record's constructor threw, or {@code null}
     */
    public ParamBindingException(String key, Reason reason, String message, Throwable cause) {
        super(key, message);
        this.reason = reason;
        if (cause != null) initCause(cause);
    }

    /** Why the params did not bind. */
    public Reason reason() {
        return reason;
    }

    // Bad params are expected input, met per message: a stack trace would cost more than the binding.
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
