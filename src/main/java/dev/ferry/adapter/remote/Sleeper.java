package dev.ferry.adapter.remote;

import java.time.Duration;

/** Waits between attempts; tests record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper THREAD_SLEEP = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
