package dev.ferry.local.sample;

/** A request the sample remote refuses; becomes a small JSON error answer. */
final class RemoteError extends Exception {

    private final int status;
    private final String code;

    RemoteError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static RemoteError badRequest(String message) {
        return new RemoteError(400, "bad_request", message);
    }

    static RemoteError unauthorized(String message) {
        return new RemoteError(401, "unauthorized", message);
    }

    /** A token the verifier refused: 401, 403 or 503 as its reason says; the message names the check only. */
    static RemoteError refused(dev.ferry.verifier.TokenRejectedException e) {
        int status = e.reason().httpStatus();
        String code = status == 403 ? "forbidden" : status == 503 ? "unavailable" : "unauthorized";
        return new RemoteError(status, code, e.getMessage());
    }

    static RemoteError forbidden(String message) {
        return new RemoteError(403, "forbidden", message);
    }

    static RemoteError notFound(String message) {
        return new RemoteError(404, "not_found", message);
    }

    static RemoteError conflict(String message) {
        return new RemoteError(409, "conflict", message);
    }

    static RemoteError methodNotAllowed(String message) {
        return new RemoteError(405, "method_not_allowed", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
