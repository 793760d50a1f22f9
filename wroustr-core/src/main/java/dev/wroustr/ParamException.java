package dev.wroustr;

/**
 * A param a handler asked for is absent or does not hold the type asked for. The message
 * names the key and says why; the value itself is left out, since params can carry tokens.
 * Thrown from a handler, it raises the {@code ERROR} route like any other exception.
 */
public class ParamException extends WroustrException {
    private final String key;

    /**
     * @param key the key at fault
     * @param message what is wrong with it, naming the key
     */
    public ParamException(String key, String message) {
        super(message);
        this.key = key;
    }

    /**
     * The key of the param that failed; null only for a {@link ParamBindingException} whose
     * record's constructor refused the values without naming one.
     */
    public String key() {
        return key;
    }
}
