package dev.ferry.local.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.engine.MySqlServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The seed guide's data transfer loop, literally and sequentially: for each data type in plan order,
 * fetch a page of {@value #PAGE} rows from the remote ({@code ?limit=500&after=…}), convert its
 * values to the plan's column types, write it with one parameterized multi-row {@code INSERT}, and
 * go on with the next page until {@code afterId} is null. No state table, no budget, no queue. The
 * only departure: a page whose statement would not fit the server's {@code max_allowed_packet} is
 * written with as many statements as it needs (the guide's loop would fail there).
 */
final class SeedLoop {
    static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final DateTimeFormatter SQL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private final URI base;
    private final HmacTokenSigner signer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    SeedLoop(URI base, byte[] secret, String audience) {
        this.base = base;
        this.signer = new HmacTokenSigner(secret, audience);
    }

    /** Pages and wall time of the loop over every data type. */
    record Figures(long rows, long pages, double seconds) {
    }

    Figures run(MySqlServer mysql, MigrationPlan plan, String installation, String database) throws Exception {
        Ceiling.createDatabase(mysql, plan, database);
        long maxStatementBytes;
        try (Connection c = mysql.connect(database); var s = c.createStatement();
             var rs = s.executeQuery("SELECT @@max_allowed_packet")) {
            rs.next();
            maxStatementBytes = rs.getLong(1) * 3 / 4;
        }
        long rows = 0;
        long pages = 0;
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        long started = System.nanoTime();
        try (Connection c = mysql.connect(database)) {
            for (DataType dataType : plan.dataTypes()) {
                String after = null;
                long typeRows = 0;
                do {
                    JsonNode page = fetch(installation, dataType, after);
                    pages++;
                    List<Object[]> converted = convert(dataType, page);
                    insert(c, dataType, converted, maxStatementBytes);
                    typeRows += converted.size();
                    JsonNode next = page.path("pagination").path("afterId");
                    after = next.isNull() || next.isMissingNode() || converted.isEmpty() ? null : next.asText();
                } while (after != null);
                rows += typeRows;
                counts.put(dataType.name(), typeRows);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        BenchDatabases.requireCounts(mysql, database, plan, counts);
        return new Figures(rows, pages, seconds);
    }

    private JsonNode fetch(String installation, DataType dataType, String after) throws Exception {
        String uri = base + "/data-migration/" + dataType.remotePath() + "/?limit=" + PAGE
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + signer.forInstallation(InstallationId.of(installation))).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("remote answered " + response.statusCode() + " for " + uri);
        }
        return JSON.readTree(response.body());
    }

    /** The page's rows as values in the plan's column order, converted for binding. */
    private static List<Object[]> convert(DataType dataType, JsonNode page) {
        List<String> headers = new ArrayList<>();
        page.path("headers").forEach(h -> headers.add(h.asText()));
        List<Column> columns = dataType.columns();
        int[] position = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            position[i] = headers.indexOf(columns.get(i).name());
            if (position[i] < 0) {
                throw new IllegalStateException(dataType.name() + ": no header " + columns.get(i).name());
            }
        }
        List<Object[]> rows = new ArrayList<>();
        for (JsonNode data : page.path("data")) {
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                row[i] = value(columns.get(i), data.get(position[i]));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object value(Column column, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (column.type()) {
            case INTEGER -> node.longValue();
            case DECIMAL -> node.decimalValue();
            case DOUBLE -> node.doubleValue();
            case STRING, DATE -> node.textValue();
            case BOOLEAN -> node.isBoolean() ? node.booleanValue() : node.intValue() != 0;
            case DATETIME, TIMESTAMP -> SQL_DATE_TIME.format(dateTime(node.textValue()));
            case JSON -> node.isTextual() ? node.textValue() : node.toString();
            case BINARY -> Base64.getDecoder().decode(node.textValue());
            // the bench's shapes use none of these; the seed loop binds them as the remote sent them
            default -> node.isTextual() ? node.textValue() : node.toString();
        };
    }

    private static LocalDateTime dateTime(String text) {
        try {
            return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (java.time.format.DateTimeParseException e) {
            return LocalDateTime.parse(text);
        }
    }

    /** One multi-row INSERT of the page (more only past max_allowed_packet). */
    private static void insert(Connection c, DataType dataType, List<Object[]> rows, long maxBytes) throws SQLException {
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            long size = Ceiling.estimate(java.util.Arrays.asList(rows.get(i)));
            if (i > from && bytes + size > maxBytes) {
                insertRows(c, dataType, rows.subList(from, i));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (from < rows.size()) {
            insertRows(c, dataType, rows.subList(from, rows.size()));
        }
    }

    private static void insertRows(Connection c, DataType dataType, List<Object[]> rows) throws SQLException {
        List<String> names = dataType.columnNames();
        String row = "(" + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
        String sql = "INSERT INTO `" + dataType.table() + "` (" + names.stream().map(n -> "`" + n + "`")
                .collect(Collectors.joining(", ")) + ") VALUES " + String.join(", ", Collections.nCopies(rows.size(), row));
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            int index = 1;
            for (Object[] values : rows) {
                for (Object value : values) {
                    if (value == null) {
                        statement.setNull(index++, Types.NULL);
                    } else if (value instanceof byte[] b) {
                        statement.setBytes(index++, b);
                    } else {
                        statement.setObject(index++, value);
                    }
                }
            }
            statement.executeUpdate();
        }
    }
}
