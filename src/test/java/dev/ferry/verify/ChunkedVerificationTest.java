package dev.ferry.verify;

import static dev.ferry.verify.SampleVerificationFixture.LARGE;
import static dev.ferry.verify.SampleVerificationFixture.SMALL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.VerifyInstallation.TypeResult;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.verify.RunVerification;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.adapter.mysql.MySqlVerificationStore;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.verify.VerificationRecord;
import dev.ferry.domain.verify.VerificationStatus;
import dev.ferry.local.sample.Fault;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.RecordingWorkQueue;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verification end to end on real services: the sample remote over HTTP (with its checksum
 * endpoint, or answering 404/501 for it), and each installation's database on the test MySQL server.
 */
@IntegrationTest
class ChunkedVerificationTest {
    private static SampleVerificationFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new SampleVerificationFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void noFaults() {
        fixture.remote.faultHook(null);
    }

    /** A fresh, exact copy of the installation at the destination. */
    private static void freshCopy(String installation) {
        fixture.databases.drop(InstallationId.of(installation));
        fixture.migrate(installation);
    }

    private static Map<String, TypeResult> byType(VerifyInstallation.Result result) {
        return result.types().stream().collect(Collectors.toMap(TypeResult::dataType, t -> t));
    }

    @Test
    void shouldFindADeliberatelyCorruptedDestinationRowByKey_andRepairIt() {
        // given an exact copy whose issue 7's title was then changed at the destination
        freshCopy(SMALL);
        long id = fixture.source.rows(SMALL, "issues").get(6).get(0) instanceof Long l ? l : -1;
        fixture.destination(SMALL, "UPDATE issues SET title = 'corrupted' WHERE id = " + id);

        // when verifying
        VerifyInstallation.Result found = fixture.verification().verify(InstallationId.of(SMALL));

        // then that row, and only it, is reported different, by key
        assertThat(found.mismatches()).isEqualTo(1);
        assertThat(byType(found).get("issues").differentKeys()).containsExactly("[" + id + "]");
        assertThat(byType(found).get("issues").method()).isEqualTo("checksums");

        // when verifying with repair, then it is repaired, and a new verification finds nothing
        VerifyInstallation.Result repaired = fixture.verification().verify(InstallationId.of(SMALL), true);
        assertThat(repaired.repaired()).isEqualTo(1);
        assertThat(fixture.verification().verify(InstallationId.of(SMALL)).mismatches()).isZero();
    }

    @Test
    void shouldFindAndRepairAMissingRowAndAnExtraRow_includingCompositeKeys() {
        // given a copy missing one issue watcher (composite key) and holding a project the source does not have
        freshCopy(SMALL);
        List<Object> watcher = fixture.source.rows(SMALL, "issue_watchers").get(3);
        fixture.destination(SMALL, "DELETE FROM issue_watchers WHERE issue_id = " + watcher.get(0) + " AND user_key = '"
                + watcher.get(1) + "'");
        fixture.destination(SMALL, "INSERT INTO projects (id, name, budget, archived, settings, created_at) "
                + "VALUES (987654321, 'stray', NULL, FALSE, NULL, '2024-01-01 00:00:00.000')");

        // when verifying
        Map<String, TypeResult> found = byType(fixture.verification().verify(InstallationId.of(SMALL)));

        // then the missing and the extra row are reported by key
        assertThat(found.get("issue_watchers").missingKeys()).containsExactly("[" + watcher.get(0) + ", \"" + watcher.get(1) + "\"]");
        assertThat(found.get("issue_watchers").extra() + found.get("issue_watchers").different()).isZero();
        assertThat(found.get("projects").extraKeys()).containsExactly("[987654321]");
        assertThat(found.get("projects").missing() + found.get("projects").different()).isZero();

        // when repairing, then both are fixed and the installation verifies clean
        VerifyInstallation.Result repaired = fixture.verification().verify(InstallationId.of(SMALL), true);
        assertThat(repaired.repaired()).isEqualTo(2);
        assertThat(fixture.verification().verify(InstallationId.of(SMALL)).mismatches()).isZero();
    }

    @ParameterizedTest(name = "remote answers {0} for checksums")
    @ValueSource(ints = {404, 501})
    void shouldGiveTheSameResult_withTheChecksumEndpointAndWithThePageFallback(int status) {
        // given a copy with differences in every data type
        freshCopy(LARGE);
        fixture.destination(LARGE, "UPDATE issues SET estimate = 1.5 WHERE id IN (SELECT id FROM (SELECT id FROM issues ORDER BY id LIMIT 3) x)");
        fixture.destination(LARGE, "DELETE FROM projects ORDER BY id DESC LIMIT 1");
        fixture.destination(LARGE, "UPDATE attachments SET content = 0x00 ORDER BY id LIMIT 1");
        fixture.destination(LARGE, "DELETE FROM issue_watchers ORDER BY issue_id, user_key LIMIT 2");
        fixture.destination(LARGE, "INSERT INTO issue_watchers VALUES (1, 'nobody', '2024-01-01 00:00:00.000')");

        // when verifying through the checksum endpoint, then again with the remote refusing it
        VerifyInstallation.Result withEndpoint = fixture.verification().verify(InstallationId.of(LARGE));
        fixture.remote.faultHook(r -> r.remotePath() != null && r.remotePath().endsWith("/checksums")
                ? Fault.status(status) : Fault.none());
        VerifyInstallation.Result withPages = fixture.verification().verify(InstallationId.of(LARGE));

        // then both found the same rows
        assertThat(withEndpoint.mismatches()).isEqualTo(3 + 1 + 1 + 3);
        assertThat(withEndpoint.types()).allSatisfy(t -> assertThat(t.method()).isEqualTo("checksums"));
        assertThat(withPages.types()).allSatisfy(t -> assertThat(t.method()).isEqualTo("pages"));
        for (TypeResult pages : withPages.types()) {
            TypeResult checksums = byType(withEndpoint).get(pages.dataType());
            assertThat(pages.sourceRows()).isEqualTo(checksums.sourceRows());
            assertThat(pages.destinationRows()).isEqualTo(checksums.destinationRows());
            assertThat(pages.missingKeys()).containsExactlyInAnyOrderElementsOf(checksums.missingKeys());
            assertThat(pages.extraKeys()).containsExactlyInAnyOrderElementsOf(checksums.extraKeys());
            assertThat(pages.differentKeys()).containsExactlyInAnyOrderElementsOf(checksums.differentKeys());
        }
        // and the page fallback read every source row, the checksum endpoint only a few
        assertThat(withPages.types().stream().mapToLong(TypeResult::sourceRowsRead).sum())
                .isEqualTo(SampleVerificationFixture.DATA.installation(LARGE).totalRows());
        assertThat(withEndpoint.types().stream().mapToLong(TypeResult::sourceRowsRead).sum()).isLessThan(100);
    }

    @Test
    void shouldBisectDownToTheOneDifferingRow_ofALargeTable_readingFewSourceRows() {
        // given 3,000 issues at both sides, one of them corrupted at the destination
        freshCopy(LARGE);
        List<Object> victim = fixture.source.rows(LARGE, "issues").get(2_345);
        fixture.destination(LARGE, "UPDATE issues SET body = CONCAT(COALESCE(body, ''), '!') WHERE id = " + victim.get(0));
        fixture.remote.resetCounters();

        // when verifying in chunks of 1,000 rows bisected down to 16
        TypeResult issues = byType(fixture.verification().verify(InstallationId.of(LARGE))).get("issues");

        // then the row is found by key, and the remote served at most one leaf of issue rows
        assertThat(issues.differentKeys()).containsExactly("[" + victim.get(0) + "]");
        assertThat(issues.mismatches()).isEqualTo(1);
        assertThat(fixture.remote.rowsServed("issues")).isLessThanOrEqualTo(16);
        assertThat(issues.sourceRows()).isEqualTo(3_000);
        // and no rows at all of the data types that match
        assertThat(fixture.remote.rowsServed("projects") + fixture.remote.rowsServed("attachments")
                + fixture.remote.rowsServed("issue_watchers")).isZero();
    }

    @Test
    void shouldVerifyAsAWorkerJob_pausingAndContinuingAcrossInvocations_andStoreTheResults() {
        // given a copy with one different issue, and a worker with time for one chunk per invocation (5 s
        // left each time, and a chunk expected to take 10 s once one is done)
        freshCopy(LARGE);
        long id = (Long) fixture.source.rows(LARGE, "issues").get(1_234).get(0);
        fixture.destination(LARGE, "UPDATE issues SET title = 'x' WHERE id = " + id);
        RecordingWorkQueue queue = new RecordingWorkQueue();
        RunVerification job = new RunVerification(fixture.plan,
                fixture.verifier(VerifySettings.defaults().withChunkRows(500).withBudget(0, 10_000)), queue, fixture.clock);

        // when a verify message is delivered, and every message it sends after it
        queue.send(new WorkMessage.Verify(InstallationId.of(LARGE), null, null, false));
        int invocations = 0;
        for (WorkMessage message = queue.poll(); message != null && invocations < 200; message = queue.poll()) {
            job.run((WorkMessage.Verify) message, () -> 5_000);
            invocations++;
        }

        // then each chunk took an invocation (projects 1, issues 6, attachments 1, watchers 1), and every
        // data type's result is stored under one run
        assertThat(invocations).isEqualTo(9);
        List<VerificationRecord> stored = new MySqlVerificationStore(fixture.dataSource, fixture.databases)
                .latest(InstallationId.of(LARGE));
        assertThat(stored).hasSize(4).allSatisfy(r -> assertThat(r.status()).isEqualTo(VerificationStatus.DONE));
        assertThat(stored).extracting(VerificationRecord::runId).containsOnly(stored.get(0).runId());
        VerificationRecord issues = stored.stream().filter(r -> r.dataType().equals("issues")).findFirst().orElseThrow();
        assertThat(issues.counts().differentKeys()).containsExactly("[" + id + "]");
        assertThat(issues.counts().chunks()).isEqualTo(6);
        assertThat(issues.counts().sourceRows()).isEqualTo(3_000);
        assertThat(issues.counts().destinationRows()).isEqualTo(3_000);
        assertThat(stored.stream().mapToLong(r -> r.counts().differences()).sum()).isEqualTo(1);
    }
}
