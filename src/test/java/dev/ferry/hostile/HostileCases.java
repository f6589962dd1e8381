package dev.ferry.hostile;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.hostile.HostileCase.Expected;
import dev.ferry.hostile.HostileCase.Refused;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Every behaviour the hostile suite puts Ferry through, with what must come of it. */
final class HostileCases {
    /** The keys of projects' first page (5 rows) and of issues' first page (25 rows). */
    static final Set<Long> FIRST_PROJECTS_PAGE = keys(1, 5);
    static final Set<Long> FIRST_ISSUES_PAGE = keys(1001, 1025);

    private HostileCases() {
    }

    /** The behaviours of one installation each, migrated side by side in one fleet. */
    static List<HostileCase> fleet() {
        List<HostileCase> cases = new ArrayList<>();
        // transient: Ferry must ride them out and end DONE, equal to the source
        cases.add(recovers("503 with Retry-After for 4 s, then healthy", "outage-503",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.STATUS_503).installation(id).retryAfter("2")
                        .forDuration(Duration.ofSeconds(4)))));
        cases.add(recovers("500 for three requests", "errors-500",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.STATUS_500).installation(id).forRequests(3))));
        cases.add(recovers("429 with a short Retry-After", "limited-short",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.STATUS_429).on(Endpoint.DATA).installation(id)
                        .retryAfter("1").forRequests(4))));
        cases.add(recovers("429 with Retry-After 3600 for 5 s", "limited-long",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.STATUS_429).on(Endpoint.DATA).installation(id)
                        .retryAfter("3600").forDuration(Duration.ofSeconds(5)))));
        cases.add(recovers("a 200 with an HTML body", "html-body",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.HTML_BODY).on(Endpoint.DATA).installation(id)
                        .forRequests(3))));
        cases.add(recovers("malformed JSON", "malformed-json",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.MALFORMED_JSON).on(Endpoint.DATA).installation(id)
                        .forRequests(3))));
        cases.add(recovers("a body over the limit with Content-Length", "oversized-length",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.OVERSIZED_BODY_WITH_LENGTH).installation(id)
                        .param(2L * 1024 * 1024).forRequests(2))));
        cases.add(recovers("a body over the limit without Content-Length", "oversized-chunked",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.OVERSIZED_BODY_CHUNKED).installation(id)
                        .param(2L * 1024 * 1024).forRequests(2))));
        cases.add(recovers("a drip-fed body", "drip-fed",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.DRIP_FED).on(Endpoint.DATA).installation(id)
                        .param(Duration.ofSeconds(20)).forRequests(2))));
        cases.add(recovers("wrong response headers (Content-Type text/plain)", "wrong-content-type",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.WRONG_CONTENT_TYPE).installation(id))));
        cases.add(recovers("a migration-status endpoint down for 3 s", "status-down",
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.STATUS_503).on(Endpoint.STATUS_GET).installation(id)
                        .forDuration(Duration.ofSeconds(3)))));
        // permanent, or retried for longer than allowed: a chain FAILED with the code and reason, nothing half-written
        cases.add(fails("500 forever", "errors-forever", ErrorCode.REMOTE_UNAVAILABLE, Refused.NONE,
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.STATUS_500).on(Endpoint.DATA).installation(id)
                        .dataType("issues"))));
        cases.add(fails("401 on data pages", "refused-401", ErrorCode.REMOTE_REJECTED, Refused.NONE,
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.STATUS_401).on(Endpoint.DATA).installation(id))));
        cases.add(fails("403 on data pages", "refused-403", ErrorCode.REMOTE_REJECTED, Refused.NONE,
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.STATUS_403).on(Endpoint.DATA).installation(id))));
        cases.add(fails("wrong column headers", "wrong-headers", ErrorCode.HEADERS_MISMATCH, projectsPage(),
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.WRONG_COLUMN_HEADERS).installation(id)
                        .dataType("projects"))));
        cases.add(fails("a page over the limit", "over-limit", ErrorCode.PAGE_OVER_LIMIT, projectsPage(),
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.PAGE_OVER_LIMIT).installation(id)
                        .dataType("projects"))));
        cases.add(fails("a page for another installation", "foreign-page", ErrorCode.FOREIGN_INSTALLATION, projectsPage(),
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.FOREIGN_INSTALLATION).installation(id)
                        .dataType("projects"))));
        cases.add(fails("a cursor cycle A, B, A across invocations", "cursor-cycle", ErrorCode.CURSOR_NOT_ADVANCING,
                Refused.NONE, (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.CURSOR_CYCLE).installation(id)
                        .dataType("projects"))));
        cases.add(fails("an endless cursor over the same rows", "endless-cursor", ErrorCode.CURSOR_NOT_ADVANCING,
                Refused.NONE, (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.ENDLESS_CURSOR).installation(id)
                        .dataType("projects"))));
        cases.add(fails("duplicate keys in a page", "duplicate-keys", ErrorCode.DUPLICATE_KEY_IN_PAGE, projectsPage(),
                (w, r, id, rows) -> r.misbehave(Misbehaviour.of(Kind.DUPLICATE_KEYS).installation(id)
                        .dataType("projects"))));
        // every value class a database would refuse or alter: refused before the page's first statement
        cases.add(fails("an integer beyond BIGINT in the last row of a 13-statement page", "value-bigint",
                ErrorCode.VALUE_CONVERSION, issuesPage(), (w, r, id, rows) ->
                        rows.get("issues").get(24).set(0, new RawJson("9223372036854775808"))));
        cases.add(projectValue("a decimal beyond DECIMAL(10,2)", "value-decimal", 2, new BigDecimal("123456789.5")));
        cases.add(projectValue("a decimal with too many places", "value-scale", 2, new BigDecimal("1.255")));
        cases.add(projectValue("text longer than its column", "value-long-text", 1, "x".repeat(51)));
        cases.add(projectValue("an unpaired surrogate", "value-surrogate", 1, "broken \ud800 text"));
        cases.add(projectValue("a date beyond DATE's range", "value-date", 6, "0000-01-01"));
        cases.add(projectValue("a timestamp beyond TIMESTAMP's range", "value-timestamp", 5, "2040-01-01T00:00:00Z"));
        cases.add(projectValue("JSON text that does not parse", "value-json-text", 4, "{\"unclosed\": [1, 2"));
        cases.add(projectValue("a JSON number with a huge exponent", "value-json-exponent", 4,
                new RawJson("{\"n\":1e2000000000}")));
        cases.add(projectValue("null in a NOT NULL column", "value-null", 3, null));
        // the destination: Ferry writes only into databases it created
        cases.add(new HostileCase("an existing database Ferry did not create", "victim-db", Expected.REFUSED, null,
                Refused.NONE, (w, r, id, rows) -> {
                    String db = "`" + w.prefix + id + "`";
                    w.execute("CREATE DATABASE " + db);
                    w.execute("CREATE TABLE " + db + ".projects (id BIGINT PRIMARY KEY, name VARCHAR(50))");
                    w.execute("CREATE TABLE " + db + ".their_table (x INT)");
                    w.execute("INSERT INTO " + db + ".projects VALUES (1, 'theirs')");
                }));
        return cases;
    }

    /** The reserved-name case needs the world's reserved installation id. */
    static HostileCase reserved(HostileWorld world) {
        return new HostileCase("an installation whose database name is reserved", world.reservedInstallation,
                Expected.REFUSED, null, Refused.NONE, (w, r, id, rows) -> { });
    }

    /** The bad value is in the last row of projects' first page (row 5 of 12, pages of 5). */
    private static HostileCase projectValue(String name, String installation, int column, Object value) {
        return fails(name, installation, ErrorCode.VALUE_CONVERSION, projectsPage(),
                (w, r, id, rows) -> rows.get("projects").get(4).set(column, value));
    }

    private static Refused projectsPage() {
        return new Refused("projects", FIRST_PROJECTS_PAGE);
    }

    private static Refused issuesPage() {
        return new Refused("issues", FIRST_ISSUES_PAGE);
    }

    private static HostileCase recovers(String name, String installation, HostileCase.Setup setup) {
        return new HostileCase(name, installation, Expected.RECOVERED, null, Refused.NONE, setup);
    }

    private static HostileCase fails(String name, String installation, ErrorCode code, Refused refused,
                                     HostileCase.Setup setup) {
        return new HostileCase(name, installation, Expected.FAILED_VISIBLY, code, refused, setup);
    }

    private static Set<Long> keys(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toUnmodifiableSet());
    }

    /** Installations of a listing run: healthy data, the listing itself misbehaving. */
    static List<String> listingInstallations(String run) {
        return List.of(run + "-a", run + "-b", run + "-c");
    }

}
