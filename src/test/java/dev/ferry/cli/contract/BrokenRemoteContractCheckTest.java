package dev.ferry.cli.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.cli.contract.CheckResult.Outcome;
import dev.ferry.cli.contract.TinyRemote.Flaw;
import dev.ferry.testing.IntegrationTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The contract checker against a tiny remote, well-behaved and then broken one way at a time. */
@IntegrationTest
class BrokenRemoteContractCheckTest {

    private static final byte[] SECRET = "tiny-remote-test-secret-0123456789-abcdefgh".getBytes(StandardCharsets.UTF_8);
    private static final ContractDocument CONTRACT = ContractDocument.bundled();
    private static final RemoteContractCheck.Options OPTIONS = RemoteContractCheck.Options.of(List.of(TinyRemote.DATA_TYPE))
            .withPageLimit(2).withMaxPages(20).withStatusTransitions(true);

    private static ContractReport check(TinyRemote remote) {
        return check(remote.baseUrl());
    }

    private static ContractReport check(URI baseUrl) {
        return new RemoteContractCheck(baseUrl, TinyRemote.INSTALLATION,
                new HmacTokenSigner(SECRET, "ferry-remote"), OPTIONS, CONTRACT).run();
    }

    private static CheckResult result(ContractReport report, String name) {
        return report.result(name).orElseThrow(() -> new AssertionError("no check " + name + " in\n" + report.table()));
    }

    @Test
    void shouldPassEveryCheck_whenTheTinyRemoteHasNoFlaw() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET)) {
            // when
            ContractReport report = check(remote);

            // then
            assertThat(report.failures()).as(report.table()).isEmpty();
            assertThat(result(report, "pages[items].cursors").outcome()).isEqualTo(Outcome.PASS);
            assertThat(result(report, "pages[items].cursor-replay").outcome()).isEqualTo(Outcome.PASS);
            assertThat(result(report, "checksums[items]").reason()).isEqualTo("not offered (HTTP 404)");
            assertThat(result(report, "status.transitions").reason()).contains("READY -> IN_PROGRESS", "READY put back");
            assertThat(remote.status(TinyRemote.INSTALLATION)).isEqualTo("READY");
        }
    }

    @Test
    void shouldFailTheTokenChecks_whenTheRemoteAcceptsAMissingOrForgedToken() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.ACCEPTS_ANY_TOKEN)) {
            // when
            ContractReport report = check(remote);

            // then
            assertThat(report.passed()).isFalse();
            assertThat(result(report, "token.missing").outcome()).isEqualTo(Outcome.FAIL);
            assertThat(result(report, "token.missing").reason())
                    .contains("without Authorization answered HTTP 200", "expected 401 or 403");
            assertThat(result(report, "token.bad-signature").outcome()).isEqualTo(Outcome.FAIL);
            assertThat(result(report, "token.bad-signature").reason()).contains("signature was altered answered HTTP 200");
            assertThat(result(report, "token.accepted").outcome()).isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void shouldFailTheLimitChecks_whenTheRemoteIgnoresTheLimit() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.IGNORES_LIMIT)) {
            // when
            ContractReport report = check(remote);

            // then
            assertThat(result(report, "pages[items].limit").outcome()).isEqualTo(Outcome.FAIL);
            assertThat(result(report, "pages[items].limit").reason())
                    .contains("page 1 held 3 items when asked for limit=2", "PAGE_OVER_LIMIT");
            assertThat(result(report, "pages[items].limit-1").outcome()).isEqualTo(Outcome.FAIL);
            assertThat(result(report, "pages[items].limit-1").reason()).contains("limit=1 gave 3 rows");
        }
    }

    @Test
    void shouldFailTheEndCheck_whenTheRemoteNeverEnds() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.NEVER_ENDS)) {
            // when
            ContractReport report = check(remote);

            // then
            assertThat(result(report, "pages[items].end").outcome()).isEqualTo(Outcome.FAIL);
            assertThat(result(report, "pages[items].end").reason()).contains("no end signal after 20 pages (40 items)");
            assertThat(result(report, "pages[items].cursors").outcome()).isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void shouldFailTheCursorCheck_whenTheRemoteIgnoresTheCursor() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.IGNORES_CURSOR)) {
            // when
            ContractReport report = check(remote);

            // then
            CheckResult cursors = result(report, "pages[items].cursors");
            assertThat(cursors.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(cursors.reason()).contains("page 2 (after=c2) repeats [1,\"item 1\"]", "did not move on");
            assertThat(result(report, "pages[items].walk").reason()).contains("page 2");
        }
    }

    @Test
    void shouldFailCursorReplay_whenPagesFollowServerStateRatherThanTheCursor() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.SESSION_PAGING)) {
            // when
            ContractReport report = check(remote);

            // then
            CheckResult replay = result(report, "pages[items].cursor-replay");
            assertThat(replay.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(replay.reason()).contains("after=c2 asked again gave different rows", "depend only on its cursor");
            assertThat(result(report, "pages[items].end").outcome()).isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void shouldFailTheWalk_whenACursorPassedBackUnchangedIsRefused() {
        // given a remote that hands out 2 but wants id:2 back
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.REWRITES_CURSORS)) {
            // when
            ContractReport report = check(remote);

            // then
            CheckResult walk = result(report, "pages[items].walk");
            assertThat(walk.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(walk.reason()).contains("page 2: GET /data-migration/items/?limit=2&after=2 answered HTTP 400",
                    "after must look like id:N");
        }
    }

    @Test
    void shouldFailTheShapeCheck_whenTheCursorIsAnObject() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.OBJECT_CURSOR)) {
            // when
            ContractReport report = check(remote);

            // then
            CheckResult shape = result(report, "pages[items].shape");
            assertThat(shape.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(shape.reason()).contains("page 1 does not match DataPage", "afterId");
            assertThat(result(report, "pages[items].walk").reason()).contains("page 1: afterId is {\"id\":2}, not a string or number");
        }
    }

    @Test
    void shouldFailStatusTransitions_whenARepeatedPutIsRefused() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.REPEATED_PUT_REFUSED)) {
            // when
            ContractReport report = check(remote);

            // then
            CheckResult transitions = result(report, "status.transitions");
            assertThat(transitions.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(transitions.reason()).contains("after READY -> IN_PROGRESS: PUT {\"status\":\"IN_PROGRESS\"} "
                    + "answered HTTP 409", "a repeated PUT must succeed too");
            assertThat(remote.status(TinyRemote.INSTALLATION)).isEqualTo("READY");
        }
    }

    @Test
    void shouldFailTheOptionalEndpoint_whenItAnswers500InsteadOf404() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.CHECKSUMS_FAIL)) {
            // when
            ContractReport report = check(remote);

            // then
            CheckResult checksums = result(report, "checksums[items]");
            assertThat(checksums.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(checksums.reason()).contains("answered HTTP 500", "expected 200, or 404/501 when not offered");
            assertThat(result(report, "changes[items]").outcome()).isEqualTo(Outcome.SKIP);
        }
    }

    @Test
    void shouldFailEveryGroupByName_whenNothingListensAtTheUrl() {
        // given a port that was just freed
        URI gone;
        try (TinyRemote remote = TinyRemote.start(SECRET)) {
            gone = remote.baseUrl();
        }

        // when
        ContractReport report = check(gone);

        // then
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).extracting(CheckResult::name)
                .contains("token", "status", "installations.walk", "pages[items].walk");
        assertThat(result(report, "token").reason()).contains("GET /migration-status failed");
        assertThat(result(report, "pages[items].walk").reason()).startsWith("page 1: GET /data-migration/items/ failed");
        assertThat(result(report, "pages[items].shape").outcome()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void shouldExitOneAndNameTheFailedCheck_whenTheCommandChecksABrokenRemote() {
        // given
        try (TinyRemote remote = TinyRemote.start(SECRET, Flaw.IGNORES_LIMIT)) {
            StringWriter out = new StringWriter();
            CommandLine command = new CommandLine(new CheckRemoteCommand(name -> null));
            command.setOut(new PrintWriter(out));

            // when
            int exit = command.execute(remote.baseUrl().toString(), "--installation", TinyRemote.INSTALLATION,
                    "--token-secret", new String(SECRET, StandardCharsets.UTF_8), "--data-type", TinyRemote.DATA_TYPE,
                    "--page-limit", "2");

            // then
            assertThat(exit).isEqualTo(1);
            assertThat(out.toString()).containsPattern("pages\\[items]\\.limit\\s+FAIL\\s+page 1 held 3 items")
                    .contains("the remote does NOT meet the contract");
        }
    }
}
