package dev.ferry.local.sample;

import java.util.Objects;

/**
 * How much data one sample installation gets: the number of rows per data type.
 *
 * @param installationId the installation's id (at most 64 characters)
 * @param projects       rows of {@code projects}
 * @param issues         rows of {@code issues}; needs at least one project when positive
 * @param attachments    rows of {@code attachments}; needs at least one issue when positive
 * @param watchers       rows of {@code issue_watchers}; at most 40 per issue
 */
public record InstallationSpec(String installationId, int projects, int issues, int attachments, int watchers) {

    /** Upper bound of watchers per issue (the size of each installation's user pool). */
    public static final int MAX_WATCHERS_PER_ISSUE = 40;

    public InstallationSpec {
        Objects.requireNonNull(installationId, "installationId");
        if (installationId.isBlank() || installationId.length() > 64) {
            throw new IllegalArgumentException("installationId must be 1 to 64 characters");
        }
        if (projects < 0 || issues < 0 || attachments < 0 || watchers < 0) {
            throw new IllegalArgumentException("Row counts must not be negative");
        }
        if (issues > 0 && projects == 0 || attachments > 0 && issues == 0
                || (long) watchers > (long) issues * MAX_WATCHERS_PER_ISSUE) {
            throw new IllegalArgumentException("Child rows need enough parent rows: " + installationId);
        }
    }

    /** All rows of the installation. */
    public int totalRows() {
        return projects + issues + attachments + watchers;
    }

    /** The configured row count of a data type. */
    public int rows(String dataType) {
        return switch (dataType) {
            case "projects" -> projects;
            case "issues" -> issues;
            case "attachments" -> attachments;
            case "issue_watchers" -> watchers;
            default -> throw new IllegalArgumentException("Unknown sample data type: " + dataType);
        };
    }
}
