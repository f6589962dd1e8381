package dev.ferry.local.bench;

import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The remote alone: every data page of one installation fetched and thrown away (only the cursor is
 * read, from the end of the body), with the plan's page sizes — once with one reader per data type at
 * the same time (as Ferry's fan-out reads them), once data type after data type — after an untimed warm-up.
 */
final class RemoteAlone {
    private static final int WARM_UP_PAGES = 40;
    private final URI base;
    private final HmacTokenSigner signer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RemoteAlone(URI base, byte[] secret, String audience) {
        this.base = base;
        this.signer = new HmacTokenSigner(secret, audience);
    }

    /** Pages, bytes and wall time of one walk, and the CPU time the remote's own threads spent on it. */
    record Walk(long pages, long bytes, double seconds, double remoteCpuSeconds) {
        double remoteCpuMillisPerPage() {
            return remoteCpuSeconds * 1000 / pages;
        }
    }

    /** CPU time of the sample remote's request threads so far (they are pooled, so differences are exact). */
    static long remoteCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("sample-remote-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    /** The first pages of every data type, untimed, so the timed walks meet warm code and caches. */
    void warmUp(MigrationPlan plan, String installation) throws Exception {
        for (DataType dataType : plan.dataTypes()) {
            walk(installation, dataType, WARM_UP_PAGES);
        }
    }

    /** Walks every data type of the plan one after the other. */
    Walk sequential(MigrationPlan plan, String installation) throws Exception {
        long cpu = remoteCpuNanos();
        long started = System.nanoTime();
        long[] totals = new long[2];
        for (DataType dataType : plan.dataTypes()) {
            long[] walked = walk(installation, dataType);
            totals[0] += walked[0];
            totals[1] += walked[1];
        }
        return new Walk(totals[0], totals[1], (System.nanoTime() - started) / 1e9, (remoteCpuNanos() - cpu) / 1e9);
    }

    /** Walks every data type at once, one reader each. */
    Walk parallel(MigrationPlan plan, String installation) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(plan.dataTypes().size());
        AtomicLong pages = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        try {
            long cpu = remoteCpuNanos();
            long started = System.nanoTime();
            List<Future<?>> walks = new ArrayList<>();
            for (DataType dataType : plan.dataTypes()) {
                walks.add(readers.submit(() -> {
                    long[] walked = walk(installation, dataType);
                    pages.addAndGet(walked[0]);
                    bytes.addAndGet(walked[1]);
                    return null;
                }));
            }
            for (Future<?> walk : walks) {
                walk.get();
            }
            return new Walk(pages.get(), bytes.get(), (System.nanoTime() - started) / 1e9, (remoteCpuNanos() - cpu) / 1e9);
        } finally {
            readers.shutdownNow();
        }
    }

    /** {pages, bytes} of one data type's walk. */
    private long[] walk(String installation, DataType dataType) throws IOException, InterruptedException {
        return walk(installation, dataType, Long.MAX_VALUE);
    }

    private long[] walk(String installation, DataType dataType, long maxPages) throws IOException, InterruptedException {
        String after = null;
        long pages = 0;
        long bytes = 0;
        String path = base + "/data-migration/" + dataType.remotePath() + "/?limit=" + dataType.pageSize();
        while (true) {
            URI uri = URI.create(after == null ? path : path + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + signer.forInstallation(InstallationId.of(installation))).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("remote answered " + response.statusCode() + " for " + uri);
            }
            pages++;
            bytes += response.body().length;
            after = afterId(response.body());
            if (after == null || pages >= maxPages) {
                return new long[] {pages, bytes};
            }
        }
    }

    /** The page's {@code pagination.afterId} (written last by the sample remote), or null. */
    static String afterId(byte[] body) {
        String tail = new String(body, Math.max(0, body.length - 600), Math.min(600, body.length), StandardCharsets.ISO_8859_1);
        int at = tail.lastIndexOf("\"afterId\":");
        if (at < 0) {
            throw new IllegalStateException("no afterId at the end of the page");
        }
        String value = tail.substring(at + "\"afterId\":".length()).trim();
        if (value.startsWith("null")) {
            return null;
        }
        if (value.startsWith("\"")) {
            return value.substring(1, value.indexOf('"', 1));
        }
        int end = 0;
        while (end < value.length() && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '-')) {
            end++;
        }
        return value.substring(0, end);
    }
}
