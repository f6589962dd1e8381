package dev.ferry.adapter.config;

import dev.ferry.adapter.remote.TokenAlgorithm;
import dev.ferry.domain.write.DuplicatePolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Ferry's typed configuration ({@code ferry.*}, or FERRY_* environment variables). */
@ConfigMapping(prefix = "ferry")
public interface FerryConfig {

    Plan plan();

    Queue queue();

    Remote remote();

    Destination destination();

    Worker worker();

    Checker checker();

    Tracker tracker();

    Metrics metrics();

    Secrets secrets();

    /**
     * Secrets read from AWS Secrets Manager at start-up (first use), by ARN, and kept for the life of the
     * function instance. An empty ARN leaves the plain setting in force (tests and the local run).
     */
    interface Secrets {
        /** The HS256 shared secret; else {@code ferry.remote.token.secret}. */
        Optional<String> remoteTokenSecretArn();

        /** The RS256 private key (PKCS#8 PEM); else {@code ferry.remote.token.private-key}. */
        Optional<String> remoteTokenPrivateKeyArn();

        /** The installation databases' password; else {@code quarkus.datasource.password}. */
        Optional<String> databasePasswordArn();
    }

    interface Metrics {
        /** Whether the functions write EMF metrics to standard output (off for the local run's console). */
        @WithDefault("true")
        boolean enabled();
    }

    interface Plan {
        /** {@code classpath:NAME} or a file path. */
        @WithDefault("classpath:ferry-plan.yaml")
        String location();
    }

    interface Queue {
        /** The work queue's URL. */
        String url();

        /**
         * The operator queue's URL: operator messages (cutover, reverse sync, verify, retry, pause and
         * resume) are sent there, so a backlog of transfers never delays them. Empty: they share the work
         * queue.
         */
        Optional<String> operatorUrl();

        /** How long a record that failed with a retryable error stays hidden after its first receive; doubles per receive. */
        @WithDefault("30s")
        Duration retryBackoffBase();

        /** The longest such wait (at most 12 h, SQS's limit). */
        @WithDefault("15m")
        Duration retryBackoffCap();
    }

    interface Remote {
        /** The remote's base URL: https, unless {@link #allowInsecureHttp()} says otherwise. */
        URI baseUrl();

        /**
         * Allows an {@code http://} base URL. Off by default, since installation tokens (valid a minute,
         * and not single-use) would cross the network in clear text; the local and test profiles turn it
         * on for servers on 127.0.0.1.
         */
        @WithDefault("false")
        boolean allowInsecureHttp();

        Token token();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration requestTimeout();

        @WithDefault("67108864")
        long maxBodyBytes();

        @WithDefault("5")
        int maxAttempts();

        @WithDefault("200ms")
        Duration backoffBase();

        @WithDefault("10s")
        Duration backoffCap();

        interface Token {
            /** HS256 (shared secret) or RS256 (Ferry's private key; the remote verifies with the public key). */
            @WithDefault("HS256")
            TokenAlgorithm algorithm();

            /** The shared HS256 secret (at least 32 bytes); required for HS256. From the environment or a secret store; never logged. */
            Optional<String> secret();

            /** The RS256 private key, unencrypted PKCS#8 PEM; required for RS256. From a secret store; never logged. */
            Optional<String> privateKey();

            /** The {@code kid} of the RS256 key, naming its public half in the remote's JWKS; required for RS256. */
            Optional<String> keyId();

            @WithDefault("ferry-remote")
            String audience();

            @WithDefault("ferry")
            String issuer();

            @WithDefault("60s")
            Duration ttl();
        }
    }

    interface Destination {
        /** Installation databases are named PREFIX + installation id. */
        @WithDefault("ferry_")
        String databasePrefix();

        @WithDefault("5000")
        int maxRowsPerStatement();

        /** Forge SQL's request limit is 1 MiB. */
        @WithDefault("1048576")
        long maxRequestBytes();

        @WithDefault("65535")
        int maxPlaceholders();

        @WithDefault("UPDATE")
        DuplicatePolicy duplicates();

        /**
         * Installations whose existing database Ferry may take over although it did not create it (it
         * then marks it as its own). Empty by default: Ferry refuses such databases (DESTINATION_NOT_OWNED).
         */
        Optional<java.util.Set<String>> adopt();

        /** Database names Ferry never writes into, whatever their content (e.g. the app's own source database). */
        Optional<java.util.Set<String>> reservedDatabases();
    }

    /**
     * Keeps each installation's writes within a destination's per-installation quotas, shared by all its
     * workers (off by default: plain MySQL, MariaDB and TiDB have none). For Forge SQL:
     * {@code statements-per-second=150}, {@code query-seconds-per-minute=62.5}.
     */
    Pacing pacing();

    interface Pacing {
        /** DML statements a second per installation; 0: not paced. */
        @WithDefault("0")
        int statementsPerSecond();

        /** Query time, in seconds a minute, per installation; 0: not paced. */
        @WithDefault("0")
        double querySecondsPerMinute();

        /** The longest a page waits for its turn before the job retries later (DESTINATION_THROTTLED). */
        @WithDefault("10s")
        Duration maxWait();
    }

    interface Worker {
        /** Kept back at the end of an invocation for the hand-over. */
        @WithDefault("20s")
        Duration safetyMargin();

        @WithDefault("5s")
        Duration initialPageEstimate();

        @WithDefault("60s")
        Duration leaseSlack();

        /**
         * Caps an invocation's budget below what Lambda allows (for example a few seconds, to see
         * continuations); empty means Lambda's remaining time.
         */
        Optional<Duration> maxBudget();

        /**
         * Bytes a page should fill: page sizes grow from the plan's toward as many rows as one request holds
         * (default: {@code ferry.destination.max-request-bytes}); 0 keeps the plan's page sizes.
         */
        Optional<Long> pageBytes();

        /**
         * The largest {@code limit} pages grow to: at most what the remote accepts. A remote that refuses a
         * grown limit is asked again at the largest it has answered, so a lower cap costs one request per
         * invocation; set this to the remote's maximum to save it. The plan's page sizes are asked as they are.
         */
        @WithDefault("5000")
        int maxPageSize();

        /**
         * After this long, an invocation that sees other messages waiting in the queue hands its job over to
         * a continuation at the back of the queue, so one installation's backlog cannot hold every worker
         * slot while another installation waits for its first page; 0 never yields.
         */
        @WithDefault("30s")
        Duration timeSlice();

        /** Whether the worker fetches its next page while it writes the current one. */
        @WithDefault("true")
        boolean readAhead();

        /**
         * Pages of one chain written at once, each on a connection of its own (1: one after another). Cursors
         * are saved in page order whatever this is; a page that shares a key with a page still being written
         * waits for it. Keep it below the pool's {@code quarkus.datasource.jdbc.max-size}, which the job store
         * shares.
         */
        @WithDefault("3")
        int writers();
    }

    /** How failed chains are retried, and when Ferry stops and leaves them FAILED for an operator. */
    interface Checker {
        /** A PENDING job due and untouched for this long is assumed lost and sent again. */
        @WithDefault("15m")
        Duration redispatchAfter();

        /** The wait after a chain's first failure; it doubles with every further failure. */
        @WithDefault("5s")
        Duration backoffBase();

        /** The longest wait between two attempts (a remote's Retry-After is honoured up to this). */
        @WithDefault("15m")
        Duration backoffCap();

        /** How long a chain may fail without committing a page before it is FAILED. */
        @WithDefault("6h")
        Duration giveUpAfter();
    }

    interface Tracker {
        /** Installations listed per fan-out step. */
        @WithDefault("500")
        int installationsPageSize();
    }
}
