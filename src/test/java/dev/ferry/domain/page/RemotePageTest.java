package dev.ferry.domain.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemotePageTest {

    private static final List<String> HEADERS = List.of("id", "name");
    private static final List<List<Object>> ONE_ROW = List.of(List.of(BigDecimal.ONE, "Ann"));

    @Test
    void shouldNotBeLast_whenItHasRowsAndANextCursor() {
        // given a page with rows and a next cursor
        RemotePage page = new RemotePage(HEADERS, ONE_ROW, Cursor.ofNumber("1"));

        // when asking whether it is the last page
        // then there is more to fetch
        assertThat(page.isLast()).isFalse();
    }

    @Test
    void shouldBeLast_whenItHasRowsButNoNextCursor() {
        // given a page with rows and no next cursor
        RemotePage page = new RemotePage(HEADERS, ONE_ROW, null);

        // when asking whether it is the last page
        // then it is
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void shouldBeLast_whenItHasNoRows_evenWithANextCursor() {
        // given an empty page that still names a next cursor
        RemotePage page = new RemotePage(HEADERS, List.of(), Cursor.ofString("abc"));

        // when asking whether it is the last page
        // then it is (the seed's rule: no rows means finished)
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void shouldTreatMissingHeadersAndData_asAnEmptyLastPage() {
        // given a page whose headers and data were absent
        RemotePage page = new RemotePage(null, null, Cursor.ofNumber("5"));

        // when reading it
        // then headers and data are empty lists and the page is the last one
        assertThat(page.headers()).isEmpty();
        assertThat(page.data()).isEmpty();
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void shouldKeepItsOwnCopyOfTheHeaders() {
        // given a mutable header list
        List<String> headers = new ArrayList<>(HEADERS);
        RemotePage page = new RemotePage(headers, ONE_ROW, null);

        // when the caller changes the list afterwards
        headers.set(0, "changed");

        // then the page still has the original headers
        assertThat(page.headers()).containsExactly("id", "name");
    }

    @Test
    void shouldRefusePage_labelledWithAnotherInstallation() {
        // given a page the remote labels as globex's
        RemotePage page = new RemotePage(HEADERS, ONE_ROW, null, "globex");

        // when it is checked as the answer to a request for acme
        // then it is refused as FOREIGN_INSTALLATION (permanent), naming both
        assertThatThrownBy(() -> page.requireAnswerTo(InstallationId.of("acme"), 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN_INSTALLATION);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("\"globex\"").contains("acme");
                });
    }

    @Test
    void shouldRefuseEmptyPage_labelledWithAnotherInstallation() {
        // given an empty page labelled for another installation
        RemotePage page = new RemotePage(HEADERS, List.of(), null, "globex");

        // when / then even without rows the answer is not trusted
        assertThatThrownBy(() -> page.requireAnswerTo(InstallationId.of("acme"), 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN_INSTALLATION));
    }

    @Test
    void shouldAcceptPage_labelledWithTheAskedInstallation_orNotLabelled() {
        // given pages labelled for acme, and unlabelled
        RemotePage labelled = new RemotePage(HEADERS, ONE_ROW, null, "acme");
        RemotePage unlabelled = new RemotePage(HEADERS, ONE_ROW, null);

        // when / then both answer a request for acme
        assertThat(labelled.requireAnswerTo(InstallationId.of("acme"), 1)).isSameAs(labelled);
        assertThat(unlabelled.requireAnswerTo(InstallationId.of("acme"), 1)).isSameAs(unlabelled);
    }

    @Test
    void shouldRefusePage_withMoreRowsThanAskedFor() {
        // given a page of two rows
        RemotePage page = new RemotePage(HEADERS, List.of(List.of(BigDecimal.ONE, "Ann"), List.of(BigDecimal.TEN, "Bo")),
                Cursor.ofNumber("10"));

        // when it answers a request for at most one row
        // then it is refused as PAGE_OVER_LIMIT (permanent); at two it is fine
        assertThatThrownBy(() -> page.requireAnswerTo(InstallationId.of("acme"), 1))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PAGE_OVER_LIMIT);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("2 rows").contains("at most 1");
                });
        assertThat(page.requireAnswerTo(InstallationId.of("acme"), 2)).isSameAs(page);
    }
}
