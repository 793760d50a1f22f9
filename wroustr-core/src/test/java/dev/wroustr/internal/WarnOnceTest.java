package dev.wroustr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

@Timeout(10)
class WarnOnceTest {
    private final List<String> lines = new ArrayList<>();
    private final WarnOnce warnings = new WarnOnce(new RecordingLogger());

    @Test
    void aRepeatedMistakeIsOneLinePerRouteAMinute() {
        for (int i = 0; i < 1000; i++) warnings.warn("@TYPO", "no route {} and no UNKNOWN route: dropped a message from {}", "u1");
        warnings.warn("@OTHER", "no route {} and no UNKNOWN route: dropped a message from {}", "u2");
        assertThat(lines).containsExactly(
                "no route @TYPO and no UNKNOWN route: dropped a message from u1",
                "no route @OTHER and no UNKNOWN route: dropped a message from u2");
    }

    @Test
    void routesInventedByAPeerShareOneLineOnceTheKeysAreFull() {
        for (int i = 0; i < 5000; i++) warnings.warn("@R" + i, "no route {}");
        // A thousand keys each had their line; every route after them folds into one key.
        assertThat(lines).hasSize(1001).last().isEqualTo("no route (other)");
    }

    private final class RecordingLogger extends AbstractLogger {
        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String format, Object[] arguments, Throwable throwable) {
            lines.add(MessageFormatter.basicArrayFormat(format, arguments));
        }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public boolean isTraceEnabled(Marker marker) { return false; }
        @Override public boolean isDebugEnabled() { return false; }
        @Override public boolean isDebugEnabled(Marker marker) { return false; }
        @Override public boolean isInfoEnabled() { return false; }
        @Override public boolean isInfoEnabled(Marker marker) { return false; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
    }
}
