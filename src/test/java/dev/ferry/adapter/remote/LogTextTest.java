package dev.ferry.adapter.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void excerptIsOneBoundedLine() {
        // when
        String excerpt = LogText.excerpt("line1\nline2\r\tend\u0001" + "y".repeat(600), 20, null);

        // then
        assertThat(excerpt).doesNotContain("\n", "\r", "\t", "\u0001").startsWith("line1\\nline2\\r\\tend?").endsWith("…");
        assertThat(excerpt.length()).isLessThanOrEqualTo(20 + 6);
    }

    @Test
    void escapesCountTowardsTheLimitAndPairsAreNotSplit() {
        // when
        String quoted = LogText.excerpt("\"".repeat(600), 500, null);
        String emoji = LogText.excerpt("a" + "😀".repeat(10), 4, null);

        // then
        assertThat(quoted).hasSize(500 + 1).endsWith("…");
        assertThat(emoji).isEqualTo("a😀…");
    }

    @Test
    void tokensAndBearerValuesAreRedacted() {
        // given
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

        // when
        String excerpt = LogText.excerpt("auth=Bearer opaque-value; jwt=" + token + " cut=eyJhbGciOiJIUz", 500, "opaque-value");

        // then
        assertThat(excerpt).doesNotContain("opaque-value", "eyJ", "c2lnbmF0dXJl").contains("[redacted]");
    }

    @Test
    void echoedAuthorizationHeaderIsRedactedOnce() {
        // given a body echoing the header Ferry sent
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

        // when
        String excerpt = LogText.excerpt("{\"you sent\":\"Bearer " + token + "\"}", 500, token);

        // then the value is replaced, and the JSON around it is left as it was
        assertThat(excerpt).isEqualTo("{\\\"you sent\\\":\\\"Bearer [redacted]\\\"}");
    }
}
