package dev.ferry.adapter.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.SyncSettings;
import java.time.Duration;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.GeometryType;
import dev.ferry.domain.plan.TextCharset;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a migration plan (YAML or JSON) from {@code classpath:NAME} or a file path, and validates it
 * once: every name that will reach SQL is checked here, so a bad plan fails at start-up with
 * INVALID_PLAN (whichever rule it breaks) rather than half-way through a migration.
 */
public final class PlanLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private PlanLoader() {
    }

    public static MigrationPlan load(String location) {
        try (InputStream in = open(location)) {
            return parse(in, location);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "cannot read plan " + location + ": " + e.getMessage(), e);
        }
    }

    /** Reads a plan from its text (YAML or JSON); {@code source} names it in errors. */
    public static MigrationPlan parse(String text, String source) {
        return parse(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), source);
    }

    static MigrationPlan parse(InputStream in, String source) {
        PlanFile file;
        try {
            file = YAML.readValue(in, PlanFile.class);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "plan " + source + " is malformed: " + firstLine(e.getMessage()), e);
        }
        if (file == null || file.dataTypes == null) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "plan " + source + " has no dataTypes");
        }
        try {
            List<SchemaScript> schema = file.schema == null ? List.of()
                    : file.schema.stream().map(s -> new SchemaScript(s.version, s.description, s.statements)).toList();
            List<DataType> types = file.dataTypes.stream().map(PlanLoader::toDataType).toList();
            return new MigrationPlan(file.name, file.mode, types, schema, toSync(file.sync));
        } catch (FerryException | NullPointerException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            // Whatever the rule (a bad identifier, a missing type, a page size out of range), the plan is invalid.
            throw new FerryException(ErrorCode.INVALID_PLAN, "plan " + source + " is invalid: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static DataType toDataType(DataTypeFile d) {
        if (d.columns == null) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "data type " + d.name + " has no columns");
        }
        List<Column> columns = d.columns.stream().map(PlanLoader::toColumn).toList();
        return new DataType(d.name, d.remotePath, d.table == null ? d.name : d.table, columns, d.primaryKey,
                d.pageSize == null ? 500 : d.pageSize, d.order == null ? 0 : d.order,
                d.changeFeed == null ? null : new ChangeFeed(d.changeFeed.updatedAt, d.changeFeed.deletions));
    }

    private static Column toColumn(ColumnFile c) {
        TextCharset charset = null;
        if (c.charset != null) {
            charset = TextCharset.of(c.charset);
            if (charset == null) {
                throw new FerryException(ErrorCode.INVALID_PLAN, "column " + c.name + ": unknown charset " + c.charset
                        + " (known: utf8mb4, utf8mb3/utf8, latin1, ascii, ucs2, utf16, utf32)");
            }
        }
        return new Column(c.name, c.type, c.size, c.precision, c.scale, c.nullable, c.unsigned, c.fsp, c.fixed,
                c.maxBytes, charset, c.collation, c.members, c.srid, c.geometry);
    }

    private static SyncSettings toSync(SyncFile s) {
        if (s == null) {
            return SyncSettings.DEFAULT;
        }
        SyncSettings d = SyncSettings.DEFAULT;
        return new SyncSettings(s.keepSyncingAfterDone,
                s.overlap == null ? d.overlap() : Duration.parse(s.overlap),
                s.passInterval == null ? d.passInterval() : Duration.parse(s.passInterval),
                s.verifyEveryPasses == null ? d.verifyEveryPasses() : s.verifyEveryPasses);
    }

    private static InputStream open(String location) throws IOException {
        if (location == null || location.isBlank()) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "no plan location configured");
        }
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new FerryException(ErrorCode.INVALID_PLAN, "plan not found on the classpath: " + name);
            }
            return in;
        }
        return Files.newInputStream(Path.of(location.startsWith("file:") ? location.substring(5) : location));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The file's shape. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    static final class PlanFile {
        public String name;
        public MigrationMode mode;
        public List<SchemaFile> schema;
        public List<DataTypeFile> dataTypes;
        public SyncFile sync;
    }

    /** Durations in ISO-8601 ({@code PT60S}). */
    static final class SyncFile {
        public boolean keepSyncingAfterDone;
        public String overlap;
        public String passInterval;
        public Integer verifyEveryPasses;
    }

    static final class ChangeFeedFile {
        public String updatedAt;
        public boolean deletions;
    }

    static final class SchemaFile {
        public int version;
        public String description;
        public List<String> statements;
    }

    static final class DataTypeFile {
        public String name;
        public String remotePath;
        public String table;
        public Integer order;
        public Integer pageSize;
        public List<String> primaryKey;
        public List<ColumnFile> columns;
        public ChangeFeedFile changeFeed;
    }

    static final class ColumnFile {
        public String name;
        public ColumnType type;
        public Integer size;
        public Integer precision;
        public Integer scale;
        public boolean nullable;
        public boolean unsigned;
        public Integer fsp;
        public boolean fixed;
        public Long maxBytes;
        public String charset;
        public String collation;
        public List<String> members;
        public Integer srid;
        public GeometryType geometry;
    }
}
