package dev.wroustr;

/**
 * A text that does not match the wroustr grammar (PROTOCOL.md section 3). Carries the
 * {@link Kind} of the problem and the offset, in UTF-16 code units, where it was noticed.
 *
 * <p>The library itself never lets this reach a handler: an invalid incoming text raises the
 * {@code INVALID} route instead. Only {@link Message#parse(String)} called by user code throws it.
 */
public final class ParseException extends WroustrException {
    /** What was wrong with the text; {@link #wireName()} is how the protocol writes it. */
    public enum Kind {
        EMPTY("empty"),
        NOT_A_ROUTE("not-a-route"),
        NOT_A_KEY("not-a-key"),
        MISSING_VALUE("missing-value"),
        UNTERMINATED_QUOTE("unterminated-quote"),
        BAD_ESCAPE("bad-escape"),
        JUNK_AFTER_QUOTE("junk-after-quote"),
        TOO_MANY_PARAMS("too-many-params");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The protocol's name of this kind, e.g. {@code unterminated-quote}. */
        public String wireName() {
            return wireName;
        }

        @Override
        public String toString() {
            return wireName;
        }
    }

    private final Kind kind;
    private final int offset;

    /** @param offset where the problem was noticed, in UTF-16 code units */
    public ParseException(Kind kind, int offset) {
        super(kind.wireName() + " at offset " + offset);
        this.kind = kind;
        this.offset = offset;
    }

    /** What was wrong with the text. */
    public Kind kind() {
        return kind;
    }

    /** Where the problem was noticed, in UTF-16 code units from the start of the text. */
    public int offset() {
        return offset;
    }

    // Parse errors are expected input, raised per message: a stack trace would cost more than the parse.
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
