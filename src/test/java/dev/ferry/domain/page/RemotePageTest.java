package dev.ferry.domain.page;

import static org.assertj.core.api.Assertions.assertThat;

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
}
