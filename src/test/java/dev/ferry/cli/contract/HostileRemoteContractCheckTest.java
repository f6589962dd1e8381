package dev.ferry.cli.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.cli.contract.CheckResult.Outcome;
import dev.ferry.hostile.HostileRemote;
import dev.ferry.hostile.Kind;
import dev.ferry.hostile.Misbehaviour;
import dev.ferry.testing.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract checker against the hostile remote of Ferry's own test suite, a remote written from the
 * contract independently of the sample: healthy with either end signal, then with its misbehaviours, each
 * caught by the check named for it.
 */
@IntegrationTest
class HostileRemoteContractCheckTest {

    private static final byte[] SECRET = "hostile-contract-check-secret-0123456789-xyz".getBytes(StandardCharsets.UTF_8);
    private static final String AUDIENCE = "ferry-remote";
    private static final String INSTALLATION = "acme";

    private static HostileRemote remote(boolean endWithEmptyPage) {
        HostileRemote remote = HostileRemote.start(SECRET, AUDIENCE).endWithEmptyPage(endWithEmptyPage);
        List<List<Object>> rows = new ArrayList<>();
        for (long id = 1; id <= 9; id++) {
            rows.add(List.of(id, "item " + id));
        }
        remote.putInstallation(INSTALLATION, "READY");
        remote.putInstallation("beta", "PENDING");
        remote.putInstallation("gamma", "DONE");
        remote.putData(INSTALLATION, "items", List.of("id", "name"), rows);
        return remote;
    }

    private static ContractReport check(HostileRemote remote) {
        RemoteContractCheck.Options options = new RemoteContractCheck.Options(List.of("items"), 2, 30,
                java.time.Duration.ofSeconds(30), true, false, java.util.Map.of("items", List.of("name", "id")));
        return new RemoteContractCheck(remote.baseUrl(), INSTALLATION, new HmacTokenSigner(SECRET, AUDIENCE), options,
                ContractDocument.bundled()).run();
    }

    @ParameterizedTest(name = "end with an empty page: {0}")
    @CsvSource({"false, afterId null on a page with items", "true, an empty page"})
    void shouldPassEveryCheck_whenTheHostileRemoteBehaves(boolean endWithEmptyPage, String endSignal) {
        // given
        try (HostileRemote remote = remote(endWithEmptyPage)) {
            // when
            ContractReport report = check(remote);

            // then
            assertThat(report.failures()).as(report.table()).isEmpty();
            assertThat(report.result("pages[items].end").orElseThrow().reason())
                    .contains("9 item(s)").contains(endSignal);
            assertThat(report.result("installations.cursors").orElseThrow().outcome()).isEqualTo(Outcome.PASS);
            assertThat(report.result("pages[items].headers").orElseThrow().outcome()).isEqualTo(Outcome.PASS);
            assertThat(remote.status(INSTALLATION)).isEqualTo("READY");
        }
    }

    @ParameterizedTest(name = "{0} fails {1}")
    @CsvSource(delimiter = '|', value = {
        "FOREIGN_INSTALLATION | pages[items].shape         | names installation someone-else, not acme",
        "WRONG_COLUMN_HEADERS | pages[items].headers       | page 1 headers [id_x, name] do not match the plan's columns: missing [id]: unknown [id_x] (Ferry: HEADERS_MISMATCH)",
        "PAGE_OVER_LIMIT      | pages[items].limit         | page 1 held 3 items when asked for limit=2",
        "PAGE_OVER_LIMIT      | pages[items].limit-1       | limit=1 gave 2 rows",
        "CURSOR_CYCLE         | pages[items].cursors       | again: a loop",
        "ENDLESS_CURSOR       | pages[items].cursors       | repeats [1,\"item 1\"]",
        "DUPLICATE_KEYS       | pages[items].cursors       | repeats [1,\"item 1\"]",
        "LISTING_CYCLE        | installations.cursors      | page 2 (after=bDoyOjA) repeats \"acme\"",
        "LISTING_ENDLESS      | installations.cursors      | repeats \"acme\"",
        "EMPTY_LISTING        | installations.contains-installation | acme is not among the 0 installations",
        "STATUS_401           | token.accepted             | HTTP 401",
        "HTML_BODY            | status.get                 | the body is not JSON",
        "MALFORMED_JSON       | pages[items].walk          | page 1: the body is not JSON",
    })
    void shouldFailTheNamedCheck_whenTheHostileRemoteMisbehaves(Kind kind, String check, String reason) {
        // given
        try (HostileRemote remote = remote(false)) {
            remote.misbehave(Misbehaviour.of(kind));

            // when
            ContractReport report = check(remote);

            // then
            assertThat(report.passed()).isFalse();
            CheckResult result = report.result(check).orElseThrow(() -> new AssertionError(report.table()));
            assertThat(result.outcome()).as(report.table()).isEqualTo(Outcome.FAIL);
            assertThat(result.reason()).as(report.table()).contains(reason);
        }
    }

    @Test
    void shouldPassTheOverLargeLimitCheck_whenTheRemoteAnswersWithinItsOwnMaximum() {
        // given a remote whose pages hold at most 4 rows whatever the limit
        try (HostileRemote remote = remote(false).maxPageSize(4)) {
            // when
            ContractReport report = check(remote);

            // then
            assertThat(report.failures()).as(report.table()).isEmpty();
            assertThat(report.result("pages[items].over-large-limit").orElseThrow().reason())
                    .isEqualTo("limit=10000 answered with 4 rows");
        }
    }
}
