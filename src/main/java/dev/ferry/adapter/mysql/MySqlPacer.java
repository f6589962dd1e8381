package dev.ferry.adapter.mysql;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps an installation's writes within a destination's per-installation quotas (Forge SQL: 150 DML
 * statements a second, 62.5 query-seconds a minute), shared by every worker of the installation: two token
 * buckets in the installation's own state table (the {@code __PACE__} row), taken with one conditional
 * UPDATE now and then. Statements are taken before they are sent (the page's upserts and its cursor save,
 * and the taking UPDATE), a few pages' worth at a time; query time is measured as the statements run and
 * paid with the next take, which waits until the bucket holds it. A page that cannot get its tokens
 * within {@code maxWait} fails retryably (DESTINATION_THROTTLED) before anything of it is written.
 * Thread-safe; {@link #OFF} when no quota is set.
 */
public final class MySqlPacer {
    /** No pacing: nothing read, nothing written, never waits. */
    public static final MySqlPacer OFF = new MySqlPacer(null, Settings.OFF, Clock.systemUTC());

    /**
     * @param statementsPerSecond    DML statements a second per installation; 0: not paced
     * @param querySecondsPerMinute  query time a minute per installation; 0: not paced
     * @param maxWait                the longest a page waits for its tokens
     */
    public record Settings(int statementsPerSecond, double querySecondsPerMinute, Duration maxWait) {
        public static final Settings OFF = new Settings(0, 0, Duration.ZERO);

        public Settings {
            if (statementsPerSecond < 0 || querySecondsPerMinute < 0 || maxWait.isNegative()) {
                throw new IllegalArgumentException("pacing settings must not be negative");
            }
        }

        public boolean on() {
            return statementsPerSecond > 0 || querySecondsPerMinute > 0;
        }
    }

    /**
     * The buckets in their stored units: statement tokens in thousandths (a second's worth at most), query
     * time in microseconds (a minute's worth at most). A quota that is off gets a bucket too large to run dry,
     * yet small enough that years of refill stay within a BIGINT.
     */
    record Buckets(long statementCap, long statementRefillPerMilli, long queryCap, long queryRefillPerMilli) {
        private static final long UNLIMITED_CAP = 1_000_000_000_000_000L;
        private static final long UNLIMITED_REFILL = 1_000_000L;

        static Buckets of(Settings settings) {
            boolean statements = settings.statementsPerSecond() > 0;
            boolean queries = settings.querySecondsPerMinute() > 0;
            long statementCap = statements ? settings.statementsPerSecond() * 1000L : UNLIMITED_CAP;
            long statementRefill = statements ? settings.statementsPerSecond() : UNLIMITED_REFILL;
            long queryCap = queries ? (long) (settings.querySecondsPerMinute() * 1_000_000) : UNLIMITED_CAP;
            long queryRefill = queries
                    ? Math.max(1, Math.round(settings.querySecondsPerMinute() * 1_000_000 / 60_000)) : UNLIMITED_REFILL;
            return new Buckets(statementCap, statementRefill, queryCap, queryRefill);
        }
    }

    private static final long SHORTEST_NAP_MILLIS = 5;
    private static final long LONGEST_NAP_MILLIS = 1_000;

    private final MySqlJobStore store;
    private final Settings settings;
    private final Buckets buckets;
    private final Clock clock;
    private final Map<InstallationId, AtomicLong> unchargedQueryMicros = new ConcurrentHashMap<>();
    /** Statements (in thousandths) this process has taken ahead for each installation. */
    private final Map<InstallationId, AtomicLong> credits = new ConcurrentHashMap<>();
    /** Pages' worth of statements a take reserves beyond the page's own (at most half the bucket). */
    private static final int RESERVED_PAGES = 8;
    /** Installations whose last take here found the buckets short: they look before they take. */
    private final Map<InstallationId, Boolean> throttled = new ConcurrentHashMap<>();

    public MySqlPacer(MySqlJobStore store, Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = settings.on() ? Objects.requireNonNull(store, "store") : store;
        this.buckets = Buckets.of(settings);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public boolean on() {
        return settings.on();
    }

    /**
     * Waits until the installation may send {@code statements} more DML statements and has query time left,
     * and takes them, charging the query time spent since the last take. A take (itself one UPDATE, counted
     * in) reserves statements for a few more pages as this process's credit, so most pages need no take at
     * all; credit unused when the process ends is simply not spent (the quota is under-used, never exceeded).
     *
     * @throws FerryException DESTINATION_THROTTLED (retryable) after {@code maxWait}; STATE_STORE_UNAVAILABLE
     */
    public void beforeStatements(InstallationId installation, int statements) {
        if (!settings.on()) {
            return;
        }
        long need = statements * 1000L;
        AtomicLong credit = credits.computeIfAbsent(installation, i -> new AtomicLong());
        // Credit goes only so far: once the query time spent since the last take is a quarter of that bucket,
        // the next page takes (and pays it), so a large credit never hides an overspent query-time quota.
        long uncharged = unchargedQueryMicros.computeIfAbsent(installation, i -> new AtomicLong()).get();
        for (long c = credit.get(); c >= need && uncharged <= buckets.queryCap() / 4; c = credit.get()) {
            if (credit.compareAndSet(c, c - need)) {
                return;
            }
        }
        long reserve = Math.max(0, Math.min(RESERVED_PAGES * need, buckets.statementCap() / 2 - need));
        // a page of more statements than a full bucket holds takes the whole bucket, or it would never fit
        long milliStatements = Math.min(need + 1000 + reserve, buckets.statementCap());
        take(installation, statements, milliStatements);
        credit.addAndGet(Math.max(0, milliStatements - need - 1000));
    }

    private void take(InstallationId installation, int statements, long milliStatements) {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        boolean initialised = false;
        // While the installation is being held back, the buckets are read (a SELECT, not a DML statement) before
        // trying to take from them, so waiting pages do not spend the quota on UPDATEs that cannot apply.
        boolean lookFirst = throttled.containsKey(installation);
        while (true) {
            Instant now = clock.instant();
            java.util.Optional<long[]> tokens = java.util.Optional.empty();
            if (lookFirst) {
                tokens = store.paceTokens(installation, buckets, now);
                if (tokens.isEmpty() && !initialised) {
                    store.initPace(installation, buckets, now);
                    initialised = true;
                    continue;
                }
            }
            // query time spent beyond a full bucket is charged as a full bucket, or no take could ever pay it
            long pending = Math.min(unchargedQueryMicros.computeIfAbsent(installation, i -> new AtomicLong()).get(),
                    buckets.queryCap() - 1);
            boolean enough = tokens.map(t -> t[0] >= milliStatements && t[1] > pending).orElse(!lookFirst);
            if (enough) {
                long spent = Math.min(unchargedQueryMicros.get(installation).getAndSet(0), buckets.queryCap() - 1);
                if (store.takePaceTokens(installation, buckets, milliStatements, spent, now)) {
                    if (tokens.map(t -> t[0] - milliStatements >= buckets.statementCap() / 2).orElse(false)) {
                        throttled.remove(installation); // plenty left: the next page takes without looking
                    }
                    return;
                }
                unchargedQueryMicros.get(installation).addAndGet(spent); // not charged: kept for the next take
                throttled.put(installation, Boolean.TRUE);
                lookFirst = true;
                continue; // another worker took them first (or the row is missing): look again
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new FerryException(ErrorCode.DESTINATION_THROTTLED, "installation " + installation
                        + ": no pacing budget for " + statements + " statements within " + settings.maxWait().toMillis()
                        + " ms (quota: " + settings.statementsPerSecond() + " statements/s, "
                        + settings.querySecondsPerMinute() + " query-s/min); nothing of the page written");
            }
            sleep(Math.min(napMillis(installation, tokens.orElse(new long[] {0, 0}), milliStatements), left));
        }
    }

    /** Records query time the installation's statements just took, charged with its next take. */
    public void afterStatements(InstallationId installation, long queryMicros) {
        if (settings.on() && queryMicros > 0) {
            unchargedQueryMicros.computeIfAbsent(installation, i -> new AtomicLong()).addAndGet(queryMicros);
        }
    }

    /** How long until the buckets refill enough, within sensible bounds. */
    private long napMillis(InstallationId installation, long[] tokens, long milliStatements) {
        long statementWait = tokens[0] >= milliStatements ? 0
                : (milliStatements - tokens[0] + buckets.statementRefillPerMilli() - 1) / buckets.statementRefillPerMilli();
        long owed = Math.min(unchargedQueryMicros.getOrDefault(installation, new AtomicLong()).get(), buckets.queryCap() - 1);
        long queryWait = tokens[1] > owed ? 0
                : (owed + 1 - tokens[1] + buckets.queryRefillPerMilli() - 1) / buckets.queryRefillPerMilli();
        return Math.max(SHORTEST_NAP_MILLIS, Math.min(LONGEST_NAP_MILLIS, Math.max(statementWait, queryWait)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.DESTINATION_THROTTLED, "interrupted while waiting for the pacing budget");
        }
    }
}
