package dev.ferry.cli;

/** A command that could not do what it was asked; its message is the one line the operator sees (exit code 1). */
public final class CliFailure extends RuntimeException {
    public CliFailure(String message) {
        super(message);
    }
}
