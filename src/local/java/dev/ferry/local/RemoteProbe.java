package dev.ferry.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** Checks, before anything starts, that a configured remote accepts connections at all. */
final class RemoteProbe {
    private static final int TIMEOUT_MILLIS = 5_000;

    private RemoteProbe() {
    }

    /** @throws IllegalStateException saying which host and port did not answer within 5 s */
    static void requireReachable(String baseUrl) {
        URI uri;
        try {
            uri = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("FERRY_REMOTE_BASE_URL is not a URL", e);
        }
        if (uri.getHost() == null) {
            throw new IllegalStateException("FERRY_REMOTE_BASE_URL names no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new IllegalStateException("the remote at " + uri.getHost() + ":" + port + " cannot be reached ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
