package dev.ferry.domain.error;

import java.util.Objects;

/** A failure as recorded on a job: its code and a bounded, secret-free message. */
public record JobError(ErrorCode code, String message) {
    public static final int MAX_MESSAGE_LENGTH = 1000;

    public JobError {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
        if (message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH);
        }
    }

    public static JobError of(FerryException e) {
        return new JobError(e.code(), e.getMessage());
    }

    /** The stored form: {@code CODE: message}. */
    public String describe() {
        return code + ": " + message;
    }
}
