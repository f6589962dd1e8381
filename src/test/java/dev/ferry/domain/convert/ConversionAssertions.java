package dev.ferry.domain.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import java.math.BigDecimal;
import java.util.List;

/** What the value converter's tests share. */
final class ConversionAssertions {
    private ConversionAssertions() {
    }

    /** Asserts the conversion fails permanently with VALUE_CONVERSION and names the column. */
    static void assertRefused(Column column, Object value) {
        assertThatThrownBy(() -> ValueConverter.convert(column, value))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALUE_CONVERSION);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("column " + column.name());
                });
    }

    /** ENUM and SET columns need members; other types none. */
    static List<String> membersFor(ColumnType type) {
        return type == ColumnType.ENUM || type == ColumnType.SET ? List.of("a", "b") : null;
    }

    static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }
}
