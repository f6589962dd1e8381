package dev.ferry.domain.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Keys compare and encode whole numbers alike whatever Java type carries them. */
class RowKeyTest {
    @Test
    void shouldTreatWholeNumbersAlike_whateverTheirJavaType() {
        // given whole numbers, the extremes of a long included
        for (long n : new long[]{0, 1, -1, 10, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            // when making keys from a Long, a BigInteger and a BigDecimal with trailing zeros
            RowKey fromLong = RowKey.of(n);
            RowKey fromBigInteger = RowKey.of(BigInteger.valueOf(n));
            RowKey fromDecimal = RowKey.of(new BigDecimal(BigInteger.valueOf(n)).setScale(2));

            // then they are one key, with one text form
            assertThat(fromLong).as("%d", n).isEqualTo(fromBigInteger).isEqualTo(fromDecimal);
            assertThat(fromLong.hashCode()).isEqualTo(fromDecimal.hashCode());
            assertThat(fromLong.encode()).isEqualTo(fromBigInteger.encode()).isEqualTo(fromDecimal.encode());
        }
        // and ints, shorts and bytes join them
        assertThat(RowKey.of(7)).isEqualTo(RowKey.of(7L)).isEqualTo(RowKey.of((short) 7)).isEqualTo(RowKey.of((byte) 7));
        assertThat(RowKey.of(7).encode()).isEqualTo(RowKey.of(new BigDecimal("7.000")).encode());
    }
}
