package dev.ferry.domain.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    @ParameterizedTest(name = "number {0}")
    @ValueSource(strings = {"0", "1", "123", "-5", "12345678901234567890123", "1.5", "1e3"})
    void shouldRoundTripNumericCursor_throughEncodeAndDecode(String digits) {
        // given a cursor the remote sent as a JSON number
        Cursor cursor = Cursor.ofNumber(digits);

        // when encoding it for storage and decoding it again
        String encoded = cursor.encode();
        Cursor decoded = Cursor.decode(encoded);

        // then it is stored as n:<digits> and comes back identical, still numeric
        assertThat(encoded).isEqualTo("n:" + digits);
        assertThat(decoded).isEqualTo(cursor);
        assertThat(decoded.numeric()).isTrue();
        assertThat(decoded.value()).isEqualTo(digits);
    }

    @ParameterizedTest(name = "string \"{0}\"")
    @EmptySource
    @ValueSource(strings = {"abc", "123", "n:123", "s:abc", "n:", "s:", "s:n:s:", "a:b:c", "ключ-курсор", "カーソル",
            "😀🚀", "tab\tand\nnewline", " spaced ", "\"quoted\"", "{\"id\":5}", "#1", "%20"})
    void shouldRoundTripStringCursor_evenWhenItLooksLikeAnEncodedCursor(String value) {
        // given a cursor the remote sent as a JSON string
        Cursor cursor = Cursor.ofString(value);

        // when encoding it for storage and decoding it again
        String encoded = cursor.encode();
        Cursor decoded = Cursor.decode(encoded);

        // then it is stored as s:<value> and comes back identical, still a string
        assertThat(encoded).isEqualTo("s:" + value);
        assertThat(decoded).isEqualTo(cursor);
        assertThat(decoded.numeric()).isFalse();
        assertThat(decoded.value()).isEqualTo(value);
    }

    @Test
    void shouldKeepNumericAndStringCursorsWithTheSameTextApart() {
        // given the same text as a number and as a string
        Cursor number = Cursor.ofNumber("42");
        Cursor string = Cursor.ofString("42");

        // when encoding and decoding both
        Cursor decodedNumber = Cursor.decode(number.encode());
        Cursor decodedString = Cursor.decode(string.encode());

        // then they stay different (the remote receives 42 vs "42")
        assertThat(decodedNumber).isNotEqualTo(decodedString);
        assertThat(decodedNumber.toString()).isEqualTo("42");
        assertThat(decodedString.toString()).isEqualTo("\"42\"");
    }

    @Test
    void shouldAcceptCursor_ofExactlyTheMaximumLength_andRoundTripIt() {
        // given a cursor of exactly 2048 characters
        String value = "x".repeat(Cursor.MAX_LENGTH);

        // when building, encoding and decoding it
        Cursor decoded = Cursor.decode(Cursor.ofString(value).encode());

        // then it survives unchanged
        assertThat(decoded.value()).isEqualTo(value);
    }

    @Test
    void shouldRefuseCursor_longerThanTheMaximum() {
        // given a cursor of 2049 characters
        String value = "x".repeat(Cursor.MAX_LENGTH + 1);

        // when building it, as a string or as a number
        // then it is refused as a permanent remote error
        assertThatThrownBy(() -> Cursor.ofString(value))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED));
        assertThatThrownBy(() -> Cursor.ofNumber("9".repeat(Cursor.MAX_LENGTH + 1)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED));
    }

    @Test
    void shouldRefuseToDecode_aStoredCursorThatIsTooLong() {
        // given a stored cursor whose value exceeds the maximum
        String stored = "s:" + "x".repeat(Cursor.MAX_LENGTH + 1);

        // when decoding it
        // then it is refused rather than passed on to the remote
        assertThatThrownBy(() -> Cursor.decode(stored)).isInstanceOf(FerryException.class);
    }

    @Test
    void shouldDecodeNull_asNoCursor() {
        // given no stored cursor (the first page)
        // when decoding null
        // then the result is null too
        assertThat(Cursor.decode(null)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @EmptySource
    @ValueSource(strings = {"123", "abc", "x:1", "N:1", "S:abc", ":1", "n", "s", " n:1", "n;1"})
    void shouldRefuseToDecode_textWithoutAKnownPrefix(String stored) {
        // given stored text that is not n:… or s:…
        // when decoding it
        // then it is refused as an invalid message
        assertThatThrownBy(() -> Cursor.decode(stored))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @Test
    void shouldRefuseNullValue() {
        // given no value
        // when building a cursor
        // then it is refused (no cursor is represented by a null Cursor, not a null value)
        assertThatThrownBy(() -> Cursor.ofString(null)).isInstanceOf(NullPointerException.class);
    }
}
