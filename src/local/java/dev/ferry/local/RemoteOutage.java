package dev.ferry.local;

import dev.ferry.local.sample.Fault;
import dev.ferry.local.sample.RemoteEndpoint;
import dev.ferry.local.sample.SampleRemoteServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code FERRY_LOCAL_REMOTE_OUTAGE=3s}: the bundled sample remote restarts when it is first asked for the
 * installations — that request is answered 503, then connections are refused for the given time, then it
 * listens again on the same port — so a local run rehearses a remote that restarts mid-listing.
 */
final class RemoteOutage {
    private RemoteOutage() {
    }

    static void atFirstListing(SampleRemoteServer remote, Duration down) {
        AtomicBoolean started = new AtomicBoolean();
        remote.faultHook(request -> {
            if (request.endpoint() != RemoteEndpoint.INSTALLATIONS || !started.compareAndSet(false, true)) {
                return Fault.none();
            }
            Thread restart = new Thread(() -> {
                remote.faultHook(null);
                remote.restart(down);
            }, "sample-remote-restart");
            restart.setDaemon(true);
            restart.start();
            return Fault.status(503);
        });
    }
}
