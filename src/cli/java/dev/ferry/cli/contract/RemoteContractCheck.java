package dev.ferry.cli.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.remote.TokenSigner;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Exercises a live remote against the contract ({@code docs/remote-contract.openapi.yaml}) the way Ferry
 * calls it, and reports named checks with PASS, FAIL or SKIP and a reason:
 *
 * <ul>
 *   <li>{@code token.*}: a valid installation token is accepted; no token, a token with a wrong signature and
 *       an app token on an installation endpoint are refused with 401 or 403;</li>
 *   <li>{@code status.*}: the migration status's shape; a PUT of the current status (when it is one Ferry
 *       sends) is idempotent; with {@link Options#statusTransitions} the moves Ferry makes, READY &rarr;
 *       IN_PROGRESS &rarr; DONE, each read back (the original status is put back afterwards);</li>
 *   <li>{@code installations.*}: the listing with the app token, walked to its end: shapes, limit, cursors,
 *       the end, and the installation among them;</li>
 *   <li>{@code pages[type].*} per data type: shapes, {@code limit} honoured (the walk's, and 1), an over-large
 *       limit answered within it or refused with a 4xx, the walk to an end signal (an empty page or a null
 *       {@code afterId}) within {@link Options#maxPages}, cursors passed back unchanged that move on (no cursor
 *       and no row twice) and give the same page when asked again, and the optional {@code total};</li>
 *   <li>the optional endpoints per data type ({@code checksums}, {@code changes}, {@code deletions}, and the
 *       write endpoint {@code rows} only with {@link Options#probeWriteEndpoint}): 404 or 501 means not offered
 *       (SKIP), otherwise the answer's shape.</li>
 * </ul>
 *
 * Read-only unless {@link Options#statusTransitions} or {@link Options#probeWriteEndpoint} is set.
 */
public final class RemoteContractCheck {
    /** The largest limit Ferry ever asks for. */
    public static final int FERRY_MAX_LIMIT = 10_000;
    private static final int MAX_BODY_EXCERPT = 160;

    /**
     * What to exercise.
     *
     * @param dataTypes          data types (remote paths) to page through; none skips the page checks
     * @param pageLimit          the walk's {@code limit}
     * @param maxPages           pages after which a walk without an end signal fails
     * @param timeout            time allowed for one request
     * @param statusTransitions  PUT IN_PROGRESS then DONE (changes the remote's status, put back afterwards)
     * @param probeWriteEndpoint PUT a body that is not JSON to {@code /rows}, expecting a 4xx
     * @param columns            per data type (remote path), the plan's column names its headers must match;
     *                           none known skips the header check
     */
    public record Options(List<String> dataTypes, int pageLimit, int maxPages, Duration timeout,
                          boolean statusTransitions, boolean probeWriteEndpoint, Map<String, List<String>> columns) {
        public Options {
            dataTypes = List.copyOf(dataTypes);
            columns = Map.copyOf(columns);
            if (pageLimit < 1 || pageLimit > FERRY_MAX_LIMIT) {
                throw new IllegalArgumentException("page limit must be 1.." + FERRY_MAX_LIMIT);
            }
            if (maxPages < 2) {
                throw new IllegalArgumentException("max pages must be at least 2");
            }
            Objects.requireNonNull(timeout, "timeout");
        }

        /** Read-only checks of these data types: pages of 100, at most 1,000 pages, 30 s per request. */
        public static Options of(List<String> dataTypes) {
            return new Options(dataTypes, 100, 1_000, Duration.ofSeconds(30), false, false, Map.of());
        }

        /** Read-only checks of the plan's data types, their headers against the plan's columns. */
        public static Options of(MigrationPlan plan) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            for (DataType dataType : plan.dataTypes()) {
                columns.put(dataType.remotePath(), dataType.columnNames());
            }
            return new Options(List.copyOf(columns.keySet()), 100, 1_000, Duration.ofSeconds(30), false, false, columns);
        }

        public Options withStatusTransitions(boolean on) {
            return new Options(dataTypes, pageLimit, maxPages, timeout, on, probeWriteEndpoint, columns);
        }

        public Options withProbeWriteEndpoint(boolean on) {
            return new Options(dataTypes, pageLimit, maxPages, timeout, statusTransitions, on, columns);
        }

        public Options withPageLimit(int limit) {
            return new Options(dataTypes, limit, maxPages, timeout, statusTransitions, probeWriteEndpoint, columns);
        }

        public Options withMaxPages(int pages) {
            return new Options(dataTypes, pageLimit, pages, timeout, statusTransitions, probeWriteEndpoint, columns);
        }
    }

    private final String base;
    private final InstallationId installation;
    private final TokenSigner signer;
    private final Options options;
    private final ContractDocument contract;
    private final HttpClient http;
    private final ObjectMapper json = ContractDocument.bodyMapper();
    private final List<CheckResult> results = new ArrayList<>();

    public RemoteContractCheck(URI baseUrl, String installation, TokenSigner signer, Options options,
                               ContractDocument contract) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.installation = InstallationId.of(installation);
        this.signer = Objects.requireNonNull(signer, "signer");
        this.options = Objects.requireNonNull(options, "options");
        this.contract = Objects.requireNonNull(contract, "contract");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Runs every check, in order; never throws for what the remote does. */
    public ContractReport run() {
        results.clear();
        guarded("token", this::tokenChecks);
        guarded("status", this::statusChecks);
        guarded("installations", this::installationChecks);
        if (options.dataTypes().isEmpty()) {
            results.add(CheckResult.skip("pages", "no data type given (--data-type): pages, cursors and the optional "
                    + "endpoints were not exercised"));
        }
        for (String dataType : options.dataTypes()) {
            guarded("pages[" + dataType + "]", () -> pageChecks(dataType));
            guarded("checksums[" + dataType + "]", () -> checksumCheck(dataType));
            guarded("changes[" + dataType + "]", () -> feedCheck(dataType, "changes"));
            guarded("deletions[" + dataType + "]", () -> feedCheck(dataType, "deletions"));
            guarded("rows[" + dataType + "]", () -> writeProbe(dataType));
        }
        return new ContractReport(results);
    }

    /** A group of checks that could not finish (the remote unreachable, say) fails under its name. */
    private void guarded(String group, Runnable checks) {
        try {
            checks.run();
        } catch (Unreachable e) {
            results.add(CheckResult.fail(group, e.getMessage()));
        }
    }

    // ---- tokens ----------------------------------------------------------------------------------

    private void tokenChecks() {
        Reply ok = get("/migration-status", installationToken());
        results.add(ok.is2xx()
                ? CheckResult.pass("token.accepted", "GET /migration-status with a valid installation token: HTTP " + ok.status)
                : CheckResult.fail("token.accepted", "GET /migration-status with a valid installation token: " + ok.describe()
                + " (expected 2xx)"));

        refused("token.missing", "without Authorization", get("/migration-status", null));
        refused("token.bad-signature", "with a token whose signature was altered",
                get("/migration-status", tampered(installationToken())));
        refused("token.app-token-on-installation-endpoint", "with the app token (no installationId claim)",
                get("/migration-status", signer.forApp()));
    }

    private void refused(String name, String how, Reply reply) {
        if (reply.status == 401 || reply.status == 403) {
            results.add(CheckResult.pass(name, "GET /migration-status " + how + ": HTTP " + reply.status));
        } else {
            results.add(CheckResult.fail(name, "GET /migration-status " + how + " answered " + reply.describe()
                    + "; expected 401 or 403"));
        }
    }

    /** The token with the first character of its signature changed: a signature that does not verify. */
    static String tampered(String token) {
        int dot = token.lastIndexOf('.');
        char first = token.charAt(dot + 1);
        char other = first == 'A' ? 'B' : 'A';
        return token.substring(0, dot + 1) + other + token.substring(dot + 2);
    }

    // ---- migration status ------------------------------------------------------------------------

    private void statusChecks() {
        Optional<String> status = readStatus("status.get");
        if (status.isEmpty()) {
            results.add(CheckResult.skip("status.put-current", "no status to put back (status.get failed)"));
            results.add(CheckResult.skip("status.transitions", "no status to start from (status.get failed)"));
            return;
        }
        String current = status.get();
        if (current.equals("IN_PROGRESS") || current.equals("DONE")) {
            putAndReadBack("status.put-current", current, "putting the current status back");
        } else {
            results.add(CheckResult.skip("status.put-current", "the status is " + current + "; Ferry only PUTs IN_PROGRESS "
                    + "and DONE (see status.transitions)"));
        }
        if (!options.statusTransitions()) {
            results.add(CheckResult.skip("status.transitions", "not asked for (--status-transitions PUTs IN_PROGRESS and "
                    + "DONE, then puts " + current + " back)"));
            return;
        }
        transitions(current);
    }

    private void transitions(String original) {
        List<String> steps = switch (original) {
            case "READY", "PENDING" -> List.of("IN_PROGRESS", "IN_PROGRESS", "DONE", "DONE");
            case "IN_PROGRESS" -> List.of("DONE", "DONE");
            default -> List.of("DONE");
        };
        StringBuilder seen = new StringBuilder(original);
        for (String step : steps) {
            Reply put = put("/migration-status", "{\"status\":\"" + step + "\"}");
            if (!put.is2xx()) {
                results.add(CheckResult.fail("status.transitions", "after " + seen + ": PUT {\"status\":\"" + step
                        + "\"} answered " + put.describe() + "; expected 2xx (a repeated PUT must succeed too)"));
                restore(original);
                return;
            }
            Optional<String> read = statusOf(get("/migration-status", installationToken()));
            if (read.isEmpty() || !read.get().equals(step)) {
                results.add(CheckResult.fail("status.transitions", "after " + seen + " and PUT " + step
                        + ", GET /migration-status said " + read.orElse("nothing usable") + "; expected " + step));
                restore(original);
                return;
            }
            seen.append(" -> ").append(step);
        }
        String restored = restore(original);
        results.add(CheckResult.pass("status.transitions", seen + ", each read back, repeats accepted" + restored));
    }

    /** Puts the original status back; a note for the reason. */
    private String restore(String original) {
        Reply back = put("/migration-status", "{\"status\":\"" + original + "\"}");
        return back.is2xx() ? "; " + original + " put back" : "; could not put " + original + " back: " + back.describe();
    }

    private void putAndReadBack(String name, String status, String what) {
        Reply put = put("/migration-status", "{\"status\":\"" + status + "\"}");
        if (!put.is2xx()) {
            results.add(CheckResult.fail(name, what + ": PUT {\"status\":\"" + status + "\"} answered " + put.describe()
                    + "; expected 2xx (Ferry repeats this PUT after a crash)"));
            return;
        }
        Optional<String> after = statusOf(get("/migration-status", installationToken()));
        results.add(after.isPresent() && after.get().equals(status)
                ? CheckResult.pass(name, what + ": HTTP " + put.status + ", still " + status)
                : CheckResult.fail(name, what + ": accepted, but GET then said " + after.orElse("nothing usable")));
    }

    private Optional<String> readStatus(String name) {
        Reply reply = get("/migration-status", installationToken());
        if (!reply.is2xx()) {
            results.add(CheckResult.fail(name, "GET /migration-status answered " + reply.describe() + "; expected 200"));
            return Optional.empty();
        }
        Optional<JsonNode> body = shaped(name, "GET /migration-status", reply, "MigrationStatus");
        if (body.isEmpty()) {
            return Optional.empty();
        }
        JsonNode status = body.get().get("status");
        if (!status.isTextual()) {
            results.add(CheckResult.fail(name, "status is null: Ferry waits and does nothing for this installation"));
            return Optional.empty();
        }
        String canonical = canonical(status.asText());
        results.add(CheckResult.pass(name, "HTTP " + reply.status + ", status " + status.asText()
                + (canonical.equals(status.asText()) ? "" : " (read as " + canonical + ")")));
        return Optional.of(canonical);
    }

    private Optional<String> statusOf(Reply reply) {
        if (!reply.is2xx()) {
            return Optional.empty();
        }
        JsonNode body = reply.json(json);
        return body != null && body.path("status").isTextual()
                ? Optional.of(canonical(body.path("status").asText())) : Optional.empty();
    }

    private static String canonical(String status) {
        String s = status.trim().toUpperCase(java.util.Locale.ROOT);
        return switch (s) {
            case "COMPLETED" -> "DONE";
            case "MIGRATING" -> "IN_PROGRESS";
            default -> s;
        };
    }

    // ---- installations ---------------------------------------------------------------------------

    private void installationChecks() {
        int limit = Math.min(options.pageLimit(), 1_000);
        Walk walk = walk("/installations", limit, signer::forApp, "InstallationsPage", "installations");
        walk.report(results, "installations", limit, options.maxPages());
        if (walk.failedAt != null) {
            results.add(CheckResult.skip("installations.contains-installation", "the listing could not be walked"));
            return;
        }
        boolean found = walk.items.stream().anyMatch(n -> n.isTextual() && n.asText().equals(installation.value()));
        results.add(found
                ? CheckResult.pass("installations.contains-installation", installation + " is listed (" + walk.items.size()
                + " installations)")
                : CheckResult.fail("installations.contains-installation", installation + " is not among the "
                + walk.items.size() + " installations listed"));
    }

    // ---- data pages ------------------------------------------------------------------------------

    private void pageChecks(String dataType) {
        String prefix = "pages[" + dataType + "]";
        String path = dataPath(dataType, "");
        int limit = options.pageLimit();
        Walk walk = walk(path, limit, this::installationToken, "DataPage", "data");
        walk.report(results, prefix, limit, options.maxPages());
        limitOne(prefix, path);
        overLargeLimit(prefix, path);
        headers(prefix, dataType, walk);
        if (walk.failedAt == null) {
            cursorReplay(prefix, path, limit, walk);
            total(prefix, walk);
        } else {
            results.add(CheckResult.skip(prefix + ".cursor-replay", "the walk failed"));
        }
    }

    private void limitOne(String prefix, String path) {
        Reply reply = get(path + "?limit=1", installationToken());
        String name = prefix + ".limit-1";
        if (!reply.is2xx()) {
            results.add(CheckResult.fail(name, "GET " + path + "?limit=1 answered " + reply.describe() + "; expected 200"));
            return;
        }
        JsonNode body = reply.json(json);
        int rows = body == null ? -1 : body.path("data").size();
        results.add(body != null && rows <= 1
                ? CheckResult.pass(name, "limit=1 gave " + rows + " row(s)")
                : CheckResult.fail(name, "limit=1 gave " + (body == null ? "a body that is not JSON" : rows + " rows")
                + "; Ferry refuses a page over its limit (PAGE_OVER_LIMIT)"));
    }

    private void overLargeLimit(String prefix, String path) {
        String name = prefix + ".over-large-limit";
        Reply reply = get(path + "?limit=" + FERRY_MAX_LIMIT, installationToken());
        if (reply.status >= 400 && reply.status < 500 && reply.status != 401 && reply.status != 403
                && reply.status != 404 && reply.status != 429) {
            results.add(CheckResult.pass(name, "limit=" + FERRY_MAX_LIMIT + " refused with HTTP " + reply.status
                    + ": Ferry asks again at the largest limit answered before (set ferry.worker.max-page-size to the "
                    + "remote's maximum to save that request)"));
            return;
        }
        if (!reply.is2xx()) {
            results.add(CheckResult.fail(name, "limit=" + FERRY_MAX_LIMIT + " answered " + reply.describe()
                    + "; expected 200 with at most that many rows, or a 400 refusal"));
            return;
        }
        JsonNode body = reply.json(json);
        List<String> problems = body == null ? List.of("not JSON") : contract.problems("DataPage", body);
        if (!problems.isEmpty()) {
            results.add(CheckResult.fail(name, "limit=" + FERRY_MAX_LIMIT + ": the page does not match DataPage: "
                    + problems.get(0)));
        } else if (body.path("data").size() > FERRY_MAX_LIMIT) {
            results.add(CheckResult.fail(name, "limit=" + FERRY_MAX_LIMIT + " gave " + body.path("data").size() + " rows"));
        } else {
            results.add(CheckResult.pass(name, "limit=" + FERRY_MAX_LIMIT + " answered with " + body.path("data").size()
                    + " rows"));
        }
    }

    /** Every page's headers name the plan's columns, each once, in any order (else Ferry: HEADERS_MISMATCH). */
    private void headers(String prefix, String dataType, Walk walk) {
        String name = prefix + ".headers";
        List<String> expected = options.columns().get(dataType);
        if (expected == null) {
            results.add(CheckResult.skip(name, "no plan columns for this data type (--plan)"));
            return;
        }
        for (int i = 0; i < walk.pages.size(); i++) {
            JsonNode page = walk.pages.get(i);
            if (page.path("data").isEmpty()) {
                continue;
            }
            List<String> headers = new ArrayList<>();
            page.path("headers").forEach(h -> headers.add(h.asText()));
            Set<String> missing = new LinkedHashSet<>(expected);
            headers.forEach(missing::remove);
            Set<String> unknown = new LinkedHashSet<>(headers);
            unknown.removeAll(expected);
            Set<String> once = new HashSet<>();
            Set<String> repeated = new LinkedHashSet<>();
            headers.forEach(h -> {
                if (!once.add(h)) {
                    repeated.add(h);
                }
            });
            if (!missing.isEmpty() || !unknown.isEmpty() || !repeated.isEmpty()) {
                results.add(CheckResult.fail(name, "page " + (i + 1) + " headers " + headers + " do not match the plan's "
                        + "columns" + (missing.isEmpty() ? "" : ": missing " + missing) + (unknown.isEmpty() ? ""
                        : ": unknown " + unknown) + (repeated.isEmpty() ? "" : ": repeated " + repeated)
                        + " (Ferry: HEADERS_MISMATCH)"));
                return;
            }
        }
        results.add(CheckResult.pass(name, "every page names the plan's " + expected.size() + " columns, each once"));
    }

    /** Asking the second page's cursor again gives the same rows: the cursor alone says where a page starts. */
    private void cursorReplay(String prefix, String path, int limit, Walk walk) {
        String name = prefix + ".cursor-replay";
        if (walk.cursors.isEmpty() || walk.pages.size() < 2) {
            results.add(CheckResult.skip(name, "the data type fits one page at limit " + limit
                    + " (use a smaller --page-limit to exercise cursors)"));
            return;
        }
        String cursor = walk.cursors.get(0);
        Reply again = get(path + "?limit=" + limit + "&after=" + encode(cursor), installationToken());
        JsonNode body = again.is2xx() ? again.json(json) : null;
        if (body == null) {
            results.add(CheckResult.fail(name, "after=" + excerpt(cursor) + " asked again answered " + again.describe()));
            return;
        }
        JsonNode before = walk.pages.get(1).path("data");
        results.add(body.path("data").equals(before)
                ? CheckResult.pass(name, "after=" + excerpt(cursor) + " asked again gave the same " + before.size()
                + " rows")
                : CheckResult.fail(name, "after=" + excerpt(cursor) + " asked again gave different rows (first "
                + excerpt(String.valueOf(body.path("data").path(0))) + " instead of " + excerpt(String.valueOf(before.path(0)))
                + "): a page must depend only on its cursor"));
    }

    private void total(String prefix, Walk walk) {
        String name = prefix + ".total";
        JsonNode total = walk.pages.isEmpty() ? null : walk.pages.get(0).get("total");
        if (total == null || total.isNull()) {
            results.add(CheckResult.skip(name, "no optional 'total' (Ferry ignores it today)"));
        } else if (total.canConvertToLong() && total.asLong() == walk.items.size()) {
            results.add(CheckResult.pass(name, "total " + total + " matches the rows walked (Ferry ignores it today)"));
        } else {
            results.add(CheckResult.fail(name, "total " + total + " but " + walk.items.size()
                    + " rows walked (fine only if the data changed during the check; Ferry ignores it today)"));
        }
    }

    // ---- optional endpoints ----------------------------------------------------------------------

    private void checksumCheck(String dataType) {
        String name = "checksums[" + dataType + "]";
        String path = dataPath(dataType, "checksums") + "?chunk=10&limit=2";
        optional(name, path, get(path, installationToken()), "ChecksumPage", body -> body.path("chunks").size() <= 2
                ? null : "asked for at most 2 chunks, got " + body.path("chunks").size());
    }

    private void feedCheck(String dataType, String feed) {
        String name = feed + "[" + dataType + "]";
        int limit = Math.min(options.pageLimit(), 50);
        String path = dataPath(dataType, feed) + "?limit=" + limit + "&from=" + encode("1970-01-01T00:00");
        optional(name, path, get(path, installationToken()), "DataPage", body -> body.path("data").size() <= limit
                ? null : "asked for at most " + limit + " rows, got " + body.path("data").size());
    }

    private void writeProbe(String dataType) {
        String name = "rows[" + dataType + "]";
        if (!options.probeWriteEndpoint()) {
            results.add(CheckResult.skip(name, "the write endpoint is not probed unless asked (--probe-write-endpoint "
                    + "PUTs a body that is not JSON, expecting 400)"));
            return;
        }
        String path = dataPath(dataType, "rows");
        Reply reply = send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString("not json"))
                .header("Content-Type", "application/json"), installationToken());
        if (reply.status == 404 || reply.status == 501) {
            results.add(CheckResult.skip(name, "not offered (HTTP " + reply.status + ")"));
        } else if (reply.status >= 400 && reply.status < 500) {
            results.add(CheckResult.pass(name, "offered; a body that is not JSON is refused with HTTP " + reply.status));
        } else {
            results.add(CheckResult.fail(name, "PUT " + path + " with a body that is not JSON answered " + reply.describe()
                    + "; expected a 4xx refusal (or 404/501 when not offered)"));
        }
    }

    private void optional(String name, String path, Reply reply, String schema,
                          java.util.function.Function<JsonNode, String> extra) {
        if (reply.status == 404 || reply.status == 501) {
            results.add(CheckResult.skip(name, "not offered (HTTP " + reply.status + ")"));
            return;
        }
        if (!reply.is2xx()) {
            results.add(CheckResult.fail(name, "GET " + path + " answered " + reply.describe()
                    + "; expected 200, or 404/501 when not offered"));
            return;
        }
        Optional<JsonNode> body = shaped(name, "GET " + path, reply, schema);
        if (body.isEmpty()) {
            return;
        }
        String problem = extra.apply(body.get());
        results.add(problem == null
                ? CheckResult.pass(name, "offered; the answer matches " + schema)
                : CheckResult.fail(name, problem));
    }

    /** The body when it is JSON matching the schema; otherwise a FAIL under {@code name}. */
    private Optional<JsonNode> shaped(String name, String what, Reply reply, String schema) {
        JsonNode body = reply.json(json);
        if (body == null) {
            results.add(CheckResult.fail(name, what + ": the body is not JSON: " + excerpt(reply.body)));
            return Optional.empty();
        }
        List<String> problems = contract.problems(schema, body);
        if (!problems.isEmpty()) {
            results.add(CheckResult.fail(name, what + ": the body does not match " + schema + ": "
                    + String.join("; ", problems.subList(0, Math.min(3, problems.size())))));
            return Optional.empty();
        }
        return Optional.of(body);
    }

    // ---- walking a paged endpoint ----------------------------------------------------------------

    /** What walking a paged endpoint to its end saw. */
    private final class Walk {
        final List<JsonNode> pages = new ArrayList<>();
        final List<JsonNode> items = new ArrayList<>();
        /** The cursors passed back, in order. */
        final List<String> cursors = new ArrayList<>();
        String failedAt;
        String shapeProblem;
        String overLimit;
        String cursorProblem;
        String endedBy;

        void report(List<CheckResult> out, String prefix, int limit, int maxPages) {
            if (failedAt != null) {
                out.add(CheckResult.fail(prefix + ".walk", failedAt));
            }
            if (pages.isEmpty()) {
                for (String check : List.of(".shape", ".limit", ".cursors", ".end")) {
                    out.add(CheckResult.skip(prefix + check, "no page was read"));
                }
                return;
            }
            out.add(shapeProblem == null
                    ? CheckResult.pass(prefix + ".shape", pages.size() + " page(s) match the contract")
                    : CheckResult.fail(prefix + ".shape", shapeProblem));
            out.add(overLimit == null
                    ? CheckResult.pass(prefix + ".limit", "every page held at most limit=" + limit)
                    : CheckResult.fail(prefix + ".limit", overLimit));
            if (cursorProblem != null) {
                out.add(CheckResult.fail(prefix + ".cursors", cursorProblem));
            } else if (cursors.isEmpty()) {
                out.add(CheckResult.skip(prefix + ".cursors", "one page at limit=" + limit + ": no cursor to pass back"
                        + " (use a smaller --page-limit to exercise cursors)"));
            } else {
                out.add(CheckResult.pass(prefix + ".cursors", cursors.size() + " cursor(s) passed back unchanged, each"
                        + " moved on (no cursor and no item twice)"));
            }
            if (endedBy != null) {
                out.add(CheckResult.pass(prefix + ".end", "ended after " + pages.size() + " page(s), " + items.size()
                        + " item(s): " + endedBy));
            } else if (failedAt == null) {
                out.add(CheckResult.fail(prefix + ".end", "no end signal after " + maxPages + " pages (" + items.size()
                        + " items): a page must come with afterId null, or an empty page must follow"));
            } else {
                out.add(CheckResult.skip(prefix + ".end", "the walk failed before an end"));
            }
        }
    }

    private Walk walk(String path, int limit, java.util.function.Supplier<String> token, String schema, String itemsField) {
        Walk walk = new Walk();
        Set<String> seenCursors = new HashSet<>();
        Set<String> seenItems = new HashSet<>();
        String after = null;
        for (int page = 1; page <= options.maxPages(); page++) {
            String target = path + "?limit=" + limit + (after == null ? "" : "&after=" + encode(after));
            Reply reply;
            try {
                reply = get(target, token.get());
            } catch (Unreachable e) {
                walk.failedAt = "page " + page + ": " + e.getMessage();
                return walk;
            }
            if (!reply.is2xx()) {
                walk.failedAt = "page " + page + ": GET " + target + " answered " + reply.describe();
                return walk;
            }
            JsonNode body = reply.json(json);
            if (body == null) {
                walk.failedAt = "page " + page + ": the body is not JSON: " + excerpt(reply.body);
                return walk;
            }
            walk.pages.add(body);
            if (walk.shapeProblem == null) {
                List<String> problems = contract.problems(schema, body);
                if (!problems.isEmpty()) {
                    walk.shapeProblem = "page " + page + " does not match " + schema + ": "
                            + String.join("; ", problems.subList(0, Math.min(3, problems.size())));
                } else if (body.hasNonNull("installationId") && !body.get("installationId").asText().equals(installation.value())) {
                    walk.shapeProblem = "page " + page + " names installation " + excerpt(body.get("installationId").asText())
                            + ", not " + installation + " (Ferry refuses it: FOREIGN_INSTALLATION)";
                }
            }
            JsonNode items = body.path(itemsField);
            if (items.size() > limit && walk.overLimit == null) {
                walk.overLimit = "page " + page + " held " + items.size() + " items when asked for limit=" + limit
                        + " (Ferry refuses it: PAGE_OVER_LIMIT)";
            }
            for (JsonNode item : items) {
                walk.items.add(item);
                if (!seenItems.add(item.toString()) && walk.cursorProblem == null) {
                    walk.cursorProblem = "page " + page + " (after=" + excerpt(String.valueOf(after)) + ") repeats "
                            + excerpt(item.toString()) + ", served before: the cursor did not move on";
                }
            }
            JsonNode next = body.path("pagination").path("afterId");
            if (items.isEmpty()) {
                walk.endedBy = "an empty page" + (next.isMissingNode() || next.isNull() ? "" : " (afterId not null, ignored)");
                return walk;
            }
            if (next.isMissingNode() || next.isNull()) {
                walk.endedBy = "afterId null on a page with items";
                return walk;
            }
            if (!next.isTextual() && !next.isNumber()) {
                walk.failedAt = "page " + page + ": afterId is " + excerpt(next.toString())
                        + ", not a string or number: there is no cursor to pass back (Ferry: REMOTE_MALFORMED_RESPONSE)";
                return walk;
            }
            String cursor = next.isTextual() ? next.asText() : next.toString();
            if (!seenCursors.add(cursor) && walk.cursorProblem == null) {
                walk.cursorProblem = "page " + page + " returned cursor " + excerpt(cursor) + " again: a loop (Ferry fails "
                        + "the job with CURSOR_NOT_ADVANCING)";
            }
            if (walk.cursorProblem != null && page >= 3) {
                // a loop is established: walking on would only repeat it
                walk.failedAt = walk.cursorProblem;
                return walk;
            }
            walk.cursors.add(cursor);
            after = cursor;
        }
        return walk;
    }

    // ---- HTTP --------------------------------------------------------------------------------------

    /** An answer: status, body text and headers of interest. */
    private record Reply(int status, String body) {
        boolean is2xx() {
            return status >= 200 && status <= 299;
        }

        JsonNode json(ObjectMapper mapper) {
            if (body == null || body.isBlank()) {
                return null;
            }
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        String describe() {
            return "HTTP " + status + (body == null || body.isBlank() ? "" : " " + excerpt(body));
        }
    }

    /** The remote could not be reached at all: the rest of a group's checks would say nothing. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    private String installationToken() {
        return signer.forInstallation(installation);
    }

    private Reply get(String pathAndQuery, String token) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), token);
    }

    private Reply put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"), installationToken());
    }

    private Reply send(HttpRequest.Builder builder, String token) {
        builder.timeout(options.timeout()).header("Accept", "application/json").header("User-Agent", "ferry-contract-check");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new Unreachable(request.method() + " " + request.uri().getRawPath() + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    private static String dataPath(String dataType, String endpoint) {
        StringBuilder out = new StringBuilder("/data-migration/");
        String[] segments = dataType.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            out.append(i == 0 ? "" : "/").append(encode(segments[i]));
        }
        return out.append('/').append(endpoint).toString();
    }

    /** As Ferry encodes query values and path segments: spaces as %20, never '+'. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "null";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > MAX_BODY_EXCERPT ? flat.substring(0, MAX_BODY_EXCERPT) + "…" : flat;
    }
}
