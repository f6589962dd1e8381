package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.IntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bench's remote serving pages from memory answers exactly what the remote serving them from the
 * database answers: the same JSON for every page of every data type, cursor after cursor.
 */
@IntegrationTest
class PrerenderedPagesTest {
    private static SampleFixture fixture;
    private static SampleRemoteServer fromDatabase;
    private static SampleRemoteServer fromMemory;

    @BeforeAll
    static void start() {
        fixture = SampleFixture.defaultData();
        fromDatabase = SampleRemoteServer.start(fixture.source, TestTokens.SECRET);
        fromMemory = SampleRemoteServer.start(fixture.source, TestTokens.SECRET);
        fromMemory.serveFromMemory("douglas-fir");
    }

    @AfterAll
    static void stop() {
        fromDatabase.stop();
        fromMemory.stop();
    }

    @Test
    void shouldServeTheSamePages_fromMemory_asFromTheDatabase_forEveryDataTypeAndPageSize() {
        RemoteHttp database = new RemoteHttp(fromDatabase.baseUrl());
        RemoteHttp memory = new RemoteHttp(fromMemory.baseUrl());
        String token = TestTokens.installation("douglas-fir");
        for (SampleTable table : SampleSchema.tables()) {
            for (int limit : new int[]{7, 10, 997}) {
                // when both remotes are walked page by page with the same limit
                String after = null;
                int pages = 0;
                do {
                    String path = "/data-migration/" + table.remotePath() + "/?limit=" + limit
                            + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
                    HttpResponse<String> expected = database.get(path, token);
                    HttpResponse<String> actual = memory.get(path, token);

                    // then every page is the same document
                    assertThat(actual.statusCode()).isEqualTo(200);
                    JsonNode page = RemoteHttp.json(actual);
                    assertThat(page).as(table.dataType() + " limit " + limit + " page " + pages)
                            .isEqualTo(RemoteHttp.json(expected));
                    JsonNode afterId = page.at("/pagination/afterId");
                    after = afterId.isNull() ? null : afterId.asText();
                    pages++;
                } while (after != null);
                assertThat(pages).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void shouldAnswerFromMemory_onlyTheRenderedInstallation_andCursorsOfItsRows() {
        // given one installation rendered
        PrerenderedPages pages = new PrerenderedPages();
        pages.render(fixture.source, "douglas-fir");

        // then its pages come from memory; another installation's, or an unknown cursor's, from the database
        assertThat(pages.page("douglas-fir", SampleSchema.ISSUES, null, 5)).get()
                .extracting(PrerenderedPages.Page::rows).isEqualTo(5);
        assertThat(pages.page("birch-labs", SampleSchema.ISSUES, null, 5)).isEmpty();
        assertThat(pages.page("douglas-fir", SampleSchema.ISSUES, "999999999", 5)).isEmpty();
        // and the remote falls back to the database for those
        HttpResponse<String> response = new RemoteHttp(fromMemory.baseUrl())
                .get("/data-migration/issues/?limit=5", TestTokens.installation("birch-labs"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RemoteHttp.json(response).get("data")).hasSize(5);
    }
}
