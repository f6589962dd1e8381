package dev.ferry.adapter.remote;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a limit. Beyond it, either fails with {@link BodyTooLargeException}
 * (successful responses, which must be read whole) or keeps the first {@code limit} bytes and stops
 * reading (error responses, which are only logged as an excerpt). Either way it cancels the
 * subscription, so the connection is not drained.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<ResponseBody> {
    private final CompletableFuture<ResponseBody> result = new CompletableFuture<>();
    private final long limit;
    private final boolean truncate;
    private final long declaredLength;
    private final int status;
    private final List<byte[]> chunks = new ArrayList<>();
    private Flow.Subscription subscription;
    private long size;
    private volatile boolean done;

    /**
     * @param declaredLength the Content-Length header, or -1
     * @param status         the response's status, for error reports
     */
    BoundedBodySubscriber(long limit, boolean truncate, long declaredLength, int status) {
        this.status = status;
        this.limit = limit;
        this.truncate = truncate;
        this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<ResponseBody> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (!truncate && declaredLength > limit) {
            fail(new BodyTooLargeException(status, "response declares " + declaredLength + " bytes, limit is " + limit));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (done) {
            return;
        }
        for (ByteBuffer buffer : items) {
            int n = buffer.remaining();
            long room = limit - size;
            if (n > room) {
                if (!truncate) {
                    fail(new BodyTooLargeException(status, "response body exceeds the limit of " + limit + " bytes"));
                    return;
                }
                add(buffer, (int) room);
                done = true;
                subscription.cancel();
                result.complete(new ResponseBody(chunks, size, true));
                return;
            }
            add(buffer, n);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        if (!done) {
            done = true;
            result.completeExceptionally(throwable);
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            result.complete(new ResponseBody(chunks, size, false));
        }
    }

    private void add(ByteBuffer buffer, int n) {
        if (n <= 0) {
            return;
        }
        byte[] bytes = new byte[n];
        buffer.get(bytes);
        chunks.add(bytes);
        size += n;
    }

    private void fail(BodyTooLargeException e) {
        done = true;
        subscription.cancel();
        result.completeExceptionally(e);
    }

    /** A successful response's body is larger than {@code maxBodyBytes}. */
    static final class BodyTooLargeException extends IOException {
        private final int status;

        BodyTooLargeException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
