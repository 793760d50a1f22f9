package dev.wroustr.internal.netty;

import java.util.function.Supplier;

/**
 * Where the client's token goes in its upgrade request: header {@code header} as {@code prefix}
 * and the token, or, where {@code query} is set, the query param of that name. See
 * {@code Connector.tokenSupplier}.
 */
public record TokenSettings(Supplier<String> supplier, String header, String prefix, String query) {}
