package dev.ferry.local.sample;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Loads rows into a source table with {@code LOAD DATA LOCAL INFILE}, fed from a stream that encodes
 * rows as they are drawn from an iterator (no file, constant memory): tab-separated fields, {@code \N}
 * for null, backslash escapes for backslash, tab, newline, carriage return and NUL, bytes taken as they
 * are ({@code CHARACTER SET binary}: text is written as UTF-8, binaries raw). Needs a connection with
 * {@code allowLoadLocalInfile=true} and a server with {@code local_infile} on.
 */
public final class BulkLoad {
    private BulkLoad() {
    }

    /** Loads the rows (values in the table's column order) for one installation; returns the rows loaded. */
    static long load(Connection connection, SampleTable table, String installationId, Iterator<List<Object>> rows)
            throws SQLException {
        return load(connection, table.dataType(), table, installationId, rows);
    }

    /**
     * Loads rows with the columns of {@code table} into {@code tableName} of the connection's database, which
     * has those columns and no {@code installation_id} when {@code installationId} is null (a destination
     * table: the bench's LOAD DATA reference); returns the rows loaded.
     */
    public static long load(Connection connection, String tableName, SampleTable table, String installationId,
                            Iterator<List<Object>> rows) throws SQLException {
        String sql = "LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE `" + tableName + "` CHARACTER SET binary"
                + " FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + (installationId == null ? "" : "installation_id, ") + String.join(", ", table.columnNames()) + ")";
        RowStream stream = new RowStream(table, installationId, rows);
        try (Statement statement = connection.createStatement()) {
            statement.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(stream);
            statement.execute(sql);
            return statement.getLargeUpdateCount();
        }
    }

    /** The rows of an iterator, encoded on demand. */
    private static final class RowStream extends InputStream {
        private final SampleTable table;
        private final byte[] installation;
        private final Iterator<List<Object>> rows;
        private byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;

        RowStream(SampleTable table, String installationId, Iterator<List<Object>> rows) {
            this.table = table;
            this.installation = installationId == null ? null : escapeText(installationId);
            this.rows = rows;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (position == limit) {
                if (!rows.hasNext()) {
                    return -1;
                }
                position = 0;
                limit = 0;
                encode(rows.next());
            }
            int n = Math.min(len, limit - position);
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            return n;
        }

        private void encode(List<Object> row) {
            if (row.size() != table.columns().size()) {
                throw new IllegalArgumentException("Expected " + table.columns().size() + " values for "
                        + table.dataType() + ", got " + row.size());
            }
            if (installation != null) {
                append(installation);
            }
            for (int i = 0; i < row.size(); i++) {
                if (i > 0 || installation != null) {
                    appendByte('\t');
                }
                Object value = row.get(i);
                if (value == null) {
                    appendByte('\\');
                    appendByte('N');
                    continue;
                }
                switch (table.columns().get(i).kind()) {
                    case INTEGER -> append(Long.toString(((Number) value).longValue()));
                    case DECIMAL -> append(((BigDecimal) value).toPlainString());
                    case DOUBLE -> append(Double.toString(((Number) value).doubleValue()));
                    case STRING, JSON -> append(escapeText((String) value));
                    case BOOLEAN -> append((Boolean) value ? "1" : "0");
                    case DATE -> append(((LocalDate) value).toString());
                    case DATETIME, TIMESTAMP -> append(SqlValues.SQL_DATE_TIME.format((LocalDateTime) value));
                    case BINARY -> appendEscaped((byte[]) value);
                }
            }
            appendByte('\n');
        }

        private static byte[] escapeText(String text) {
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            int extra = 0;
            for (byte b : raw) {
                extra += needsEscape(b) ? 1 : 0;
            }
            if (extra == 0) {
                return raw;
            }
            byte[] escaped = new byte[raw.length + extra];
            int j = 0;
            for (byte b : raw) {
                if (needsEscape(b)) {
                    escaped[j++] = '\\';
                    escaped[j++] = code(b);
                } else {
                    escaped[j++] = b;
                }
            }
            return escaped;
        }

        private static boolean needsEscape(byte b) {
            return b == '\\' || b == '\t' || b == '\n' || b == '\r' || b == 0;
        }

        /** The letter after the backslash that stands for an escaped byte. */
        private static byte code(byte b) {
            return switch (b) {
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case 0 -> '0';
                default -> '\\';
            };
        }

        private void appendEscaped(byte[] bytes) {
            ensure(bytes.length * 2);
            for (byte b : bytes) {
                if (needsEscape(b)) {
                    buffer[limit++] = '\\';
                    buffer[limit++] = code(b);
                } else {
                    buffer[limit++] = b;
                }
            }
        }

        private void append(String ascii) {
            ensure(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                buffer[limit++] = (byte) ascii.charAt(i);
            }
        }

        private void append(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, limit, bytes.length);
            limit += bytes.length;
        }

        private void appendByte(char c) {
            ensure(1);
            buffer[limit++] = (byte) c;
        }

        private void ensure(int more) {
            if (limit + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, limit + more));
            }
        }
    }
}
