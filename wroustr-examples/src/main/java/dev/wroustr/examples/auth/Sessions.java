package dev.wroustr.examples.auth;

import java.util.Map;

/** The example's state: which user each token belongs to. Immutable, so safe from every handler. */
public record Sessions(Map<String, String> usersByToken) {
    public Sessions {
        usersByToken = Map.copyOf(usersByToken);
    }

    /** The user of {@code token}, or {@code null} for a missing or unknown one. */
    public String userFor(String token) {
        return token == null ? null : usersByToken.get(token);
    }
}
