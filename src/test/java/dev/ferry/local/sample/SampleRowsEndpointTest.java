package dev.ferry.local.sample;

import static dev.ferry.local.sample.FeedFixture.ISSUES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.testing.IntegrationTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample remote's write endpoint, called through Ferry's HTTP client, checked in MariaDB. */
@IntegrationTest
class SampleRowsEndpointTest {
    private static final LocalDateTime FAR = LocalDateTime.of(2100, 1, 1, 0, 0);

    private static FeedFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new FeedFixture("rows");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void restoreEndpoints() {
        fixture.remote.withoutEndpoints();
    }

    private static List<List<Object>> issues(String installation) {
        return fixture.source.rows(installation, "issues");
    }

    private static List<List<Object>> withIds(List<List<Object>> rows, List<Long> ids) {
        return rows.stream().filter(r -> ids.contains((Long) r.get(0))).toList();
    }

    /** A source row as a Ferry row of the plan's issues (JSON as Ferry holds it). */
    private static Row ferryRow(List<Object> source) {
        List<Object> values = new ArrayList<>(source);
        values.set(5, new JsonText((String) values.get(5)));
        return new Row(values);
    }

    private static List<Object> sourceRow(Object... values) {
        return Arrays.asList(values);
    }

    private static long tombstones(String installation) {
        return fixture.client.changes().fetchDeletions(InstallationId.of(installation), ISSUES,
                ChangeCursor.start(null, FAR).startOf(ChangePhase.DELETIONS), 1_000).data().size();
    }

    @Test
    void replacingARangeInsertsUpdatesAndDeletesWithinItOnlyAndReplayingChangesNothing() {
        // given issues 1..10 of the installation but the 6th, and another installation's issues
        String installation = fixture.newInstallation("range");
        String other = fixture.newInstallation("range-other");
        List<Long> ids = fixture.insertIssues(installation, 10);
        fixture.insertIssues(other, 3);
        fixture.source.deleteRow(installation, "issues", List.of(ids.get(5)));
        List<List<Object>> before = issues(installation);
        List<List<Object>> otherBefore = issues(other);
        fixture.clock.advance(Duration.ofMinutes(5));
        long tombstonesBefore = tombstones(installation);

        // when the range (ids[2], ids[6]] is replaced by: ids[3] changed, ids[5] new, ids[6] as it is (ids[4] absent)
        List<Object> changed = sourceRow(ids.get(3), 2L, "changed title", "now with a body", LocalDate.of(2024, 12, 31),
                "[\"x\",{\"n\":1.50}]", 0.5, LocalDateTime.of(2024, 3, 2, 8, 0, 0, 7_000_000));
        List<Object> added = sourceRow(ids.get(5), 3L, "Ünïcode ☃ \"new\"", null, null, "{}", null,
                LocalDateTime.of(2024, 3, 2, 9, 0));
        List<Object> kept = withIds(before, List.of(ids.get(6))).get(0);
        List<Row> rows = List.of(ferryRow(changed), ferryRow(added), ferryRow(kept));
        InstallationId id = InstallationId.of(installation);
        fixture.client.writer().replaceRange(id, ISSUES, RowKey.of(ids.get(2)), RowKey.of(ids.get(6)), rows);

        // then the range holds exactly the rows sent, and nothing outside it changed
        List<List<Object>> after = issues(installation);
        assertThat(withIds(after, ids.subList(3, 7))).containsExactly(
                sourceRow(ids.get(3), 2L, "changed title", "now with a body", LocalDate.of(2024, 12, 31),
                        "[\"x\",{\"n\":1.50}]", 0.5, LocalDateTime.of(2024, 3, 2, 8, 0, 0, 7_000_000)),
                added, kept);
        List<Long> outside = new ArrayList<>(ids.subList(0, 3));
        outside.addAll(ids.subList(7, 10));
        assertThat(withIds(after, outside)).isEqualTo(withIds(before, outside));
        assertThat(issues(other)).isEqualTo(otherBefore);
        // and the row it deleted left a tombstone, while the re-inserted key's old tombstone is no longer served
        assertThat(tombstones(installation)).isEqualTo(tombstonesBefore);

        // when the same replacement is sent again
        fixture.clock.advance(Duration.ofMinutes(5));
        fixture.client.writer().replaceRange(id, ISSUES, RowKey.of(ids.get(2)), RowKey.of(ids.get(6)), rows);

        // then nothing changes
        assertThat(issues(installation)).isEqualTo(after);
        assertThat(issues(other)).isEqualTo(otherBefore);
        assertThat(tombstones(installation)).isEqualTo(tombstonesBefore);
    }

    @Test
    void openBoundsReplaceEveryRowOfTheInstallationOnly() {
        // given
        String installation = fixture.newInstallation("whole");
        String other = fixture.newInstallation("whole-other");
        List<Long> ids = fixture.insertIssues(installation, 6);
        fixture.insertIssues(other, 4);
        List<List<Object>> otherBefore = issues(other);
        List<List<Object>> keep = withIds(issues(installation), List.of(ids.get(1), ids.get(4)));

        // when
        fixture.client.writer().replaceRange(InstallationId.of(installation), ISSUES, null, null,
                keep.stream().map(SampleRowsEndpointTest::ferryRow).toList());

        // then
        assertThat(issues(installation)).isEqualTo(keep);
        assertThat(issues(other)).isEqualTo(otherBefore);
    }

    @Test
    void compositeKeyRangesFollowTheSourceKeyOrderAndOtherInstallationsKeepTheirEqualKeys() {
        // given the same watcher keys in two installations
        DataType watchers = PlanLoader.load("classpath:ferry-plan.yaml").requireDataType("issue_watchers");
        String installation = fixture.newInstallation("watch");
        String other = fixture.newInstallation("watch-other");
        LocalDateTime since = LocalDateTime.of(2024, 1, 1, 0, 0);
        for (String id : List.of(installation, other)) {
            for (List<Object> key : List.of(List.<Object>of(1L, "a"), List.<Object>of(1L, "b"), List.<Object>of(1L, "c"),
                    List.<Object>of(2L, "a"), List.<Object>of(2L, "b"))) {
                fixture.source.insertRow(id, "issue_watchers", List.of(key.get(0), key.get(1), since));
            }
        }
        List<List<Object>> otherBefore = fixture.source.rows(other, "issue_watchers");

        // when (1,"b") < key <= (2,"a") is replaced by (1,"bb") and a changed (2,"a")
        LocalDateTime later = LocalDateTime.of(2024, 6, 1, 12, 30, 0, 250_000_000);
        fixture.client.writer().replaceRange(InstallationId.of(installation), watchers, RowKey.of(1L, "b"), RowKey.of(2L, "a"),
                List.of(Row.of(1L, "bb", since), Row.of(2L, "a", later)));

        // then
        assertThat(fixture.source.rows(installation, "issue_watchers")).containsExactly(
                List.of(1L, "a", since), List.of(1L, "b", since), List.of(1L, "bb", since), List.of(2L, "a", later),
                List.of(2L, "b", since));
        assertThat(fixture.source.rows(other, "issue_watchers")).isEqualTo(otherBefore);
    }

    @Test
    void anEmptyRangeReplacementDeletesTheRange() {
        // given
        String installation = fixture.newInstallation("empty");
        List<Long> ids = fixture.insertIssues(installation, 5);

        // when
        fixture.client.writer().replaceRange(InstallationId.of(installation), ISSUES, RowKey.of(ids.get(0)), RowKey.of(ids.get(2)),
                List.of());

        // then
        assertThat(issues(installation)).extracting(r -> r.get(0)).containsExactly(ids.get(0), ids.get(3), ids.get(4));
    }

    @Test
    void aKeyOfAnotherInstallationIsRefusedAndNothingChanges() {
        // given
        String installation = fixture.newInstallation("conflict");
        String other = fixture.newInstallation("conflict-other");
        List<Long> ids = fixture.insertIssues(installation, 3);
        long foreign = fixture.insertIssues(other, 1).get(0);
        List<List<Object>> before = issues(installation);
        List<List<Object>> otherBefore = issues(other);
        List<Object> stolen = new ArrayList<>(otherBefore.get(0));
        stolen.set(2, "taken over");

        // when / then
        assertThatThrownBy(() -> fixture.client.writer().replaceRange(InstallationId.of(installation), ISSUES, null, null,
                List.of(ferryRow(stolen))))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                    assertThat(e.getMessage()).contains("409");
                });
        assertThat(issues(installation)).isEqualTo(before).hasSize(ids.size());
        assertThat(issues(other)).isEqualTo(otherBefore);
        assertThat(foreign).isGreaterThan(ids.get(2));
    }

    @Test
    void aRowOutsideTheRangeIsRefusedAndNothingChanges() {
        // given
        String installation = fixture.newInstallation("outside");
        List<Long> ids = fixture.insertIssues(installation, 4);
        List<List<Object>> before = issues(installation);

        // when / then
        assertThatThrownBy(() -> fixture.client.writer().replaceRange(InstallationId.of(installation), ISSUES,
                RowKey.of(ids.get(0)), RowKey.of(ids.get(1)), List.of(ferryRow(before.get(3)))))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                    assertThat(e.getMessage()).contains("400").contains("outside");
                });
        assertThat(issues(installation)).isEqualTo(before);
    }

    @Test
    void aRemoteWithoutTheWriteEndpointIsRejectedPermanently() {
        // given
        String installation = fixture.newInstallation("nowrite");
        fixture.insertIssues(installation, 2);
        List<List<Object>> before = issues(installation);
        fixture.remote.withoutEndpoints(OptionalEndpoint.ROWS);

        // when / then
        assertThatThrownBy(() -> fixture.client.writer().replaceRange(InstallationId.of(installation), ISSUES, null, null, List.of()))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                    assertThat(e.getMessage()).contains("no write endpoint").contains("404");
                });
        assertThat(issues(installation)).isEqualTo(before);
        assertThat(fixture.remote.absentEndpoints()).containsExactly(OptionalEndpoint.ROWS);
    }
}
