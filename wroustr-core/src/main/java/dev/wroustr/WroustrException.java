package dev.wroustr;

/**
 * Base of the exceptions wroustr throws. Unchecked: wire input never throws into user code,
 * so what reaches a caller is a programming mistake or a failure it asked to hear about.
 */
public class WroustrException extends RuntimeException {
    /** @param message what went wrong, naming the value at fault */
    public WroustrException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the failure underneath
     */
    public WroustrException(String message, Throwable cause) {
        super(message, cause);
    }
}
