package dev.ferry.local;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One line saying why the local run could not start or stopped, from an exception and its causes: Ferry's
 * own error (code and message) where there is one, else the outermost and innermost messages.
 */
final class StartupFailure {
    private StartupFailure() {
    }

    /**
     * The outermost message that says something, followed by the innermost cause's when it adds to it;
     * messages that are only class names are skipped. Never a stack trace.
     */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof dev.ferry.domain.error.FerryException ferry) {
                String cause = ferry.getCause() == null || ferry.getCause().getMessage() == null ? ""
                        : " (" + ferry.getCause().getClass().getSimpleName() + ": " + firstLine(ferry.getCause().getMessage()) + ")";
                return ferry.code() + ": " + firstLine(ferry.getMessage()) + cause;
            }
        }
        Set<String> parts = new LinkedHashSet<>();
        Throwable root = failure;
        for (Throwable t = failure; t != null && parts.size() < 8; t = t.getCause()) {
            root = t;
            String message = t.getMessage();
            if (message != null && !message.isBlank() && parts.isEmpty()) {
                parts.add(firstLine(message));
            }
        }
        String rootMessage = root.getMessage();
        if (root != failure && rootMessage != null && !rootMessage.isBlank()) {
            String line = firstLine(rootMessage);
            if (parts.stream().noneMatch(p -> p.contains(line))) {
                parts.add(line);
            }
        }
        return parts.isEmpty() ? failure.getClass().getSimpleName() : String.join(": ", parts);
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
