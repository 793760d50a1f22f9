package dev.wroustr;

/** A param that {@link Params#require(String)} or a typed getter asked for is absent. */
public final class MissingParamException extends ParamException {
    /** @param key the absent key, named in the message */
    public MissingParamException(String key) {
        super(key, "missing param \"" + key + "\"");
    }
}
