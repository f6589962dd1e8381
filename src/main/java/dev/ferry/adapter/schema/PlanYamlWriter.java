package dev.ferry.adapter.schema;

import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.GeometryType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import dev.ferry.domain.plan.SyncSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a plan as the YAML that {@code PlanLoader} reads: one flow-style line per column, schema
 * statements as literal blocks (or double-quoted where a block cannot hold them exactly), notes as
 * comments at the top. Statements of earlier versions are written character for character, so their
 * checksums do not change.
 */
public final class PlanYamlWriter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final List<String> RESERVED = List.of("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~");

    private PlanYamlWriter() {
    }

    public static String write(MigrationPlan plan, List<String> header, List<String> notes) {
        StringBuilder y = new StringBuilder();
        for (String line : header) {
            y.append("# ").append(line).append('\n');
        }
        if (!notes.isEmpty()) {
            y.append("#\n# Notes from the generator:\n");
            for (String note : notes) {
                y.append("#   - ").append(note.replace('\n', ' ')).append('\n');
            }
        }
        y.append("name: ").append(scalar(plan.name())).append('\n');
        y.append("mode: ").append(plan.mode().name()).append('\n');
        if (!plan.schema().isEmpty()) {
            y.append("schema:\n");
            for (SchemaScript s : plan.schema()) {
                y.append("  - version: ").append(s.version()).append('\n');
                y.append("    description: ").append(scalar(s.description())).append('\n');
                y.append("    statements:\n");
                for (String statement : s.statements()) {
                    y.append("      - ").append(block(statement, "        ")).append('\n');
                }
            }
        }
        y.append("dataTypes:\n");
        for (DataType d : plan.dataTypes()) {
            y.append("  - name: ").append(scalar(d.name())).append('\n');
            if (!d.remotePath().equals(d.name())) {
                y.append("    remotePath: ").append(scalar(d.remotePath())).append('\n');
            }
            y.append("    table: ").append(scalar(d.table())).append('\n');
            y.append("    order: ").append(d.order()).append('\n');
            y.append("    pageSize: ").append(d.pageSize()).append('\n');
            y.append("    primaryKey: ").append(list(d.primaryKey())).append('\n');
            if (d.changeFeed() != null) {
                y.append("    changeFeed: {updatedAt: ").append(scalar(d.changeFeed().updatedAt())).append(", deletions: ")
                        .append(d.changeFeed().deletions()).append("}\n");
            }
            y.append("    columns:\n");
            for (Column c : d.columns()) {
                y.append("      - ").append(column(c)).append('\n');
            }
        }
        SyncSettings sync = plan.sync();
        if (!sync.equals(SyncSettings.DEFAULT)) {
            y.append("sync:\n");
            y.append("  keepSyncingAfterDone: ").append(sync.keepSyncingAfterDone()).append('\n');
            y.append("  overlap: ").append(sync.overlap()).append('\n');
            y.append("  passInterval: ").append(sync.passInterval()).append('\n');
            y.append("  verifyEveryPasses: ").append(sync.verifyEveryPasses()).append('\n');
        }
        return y.toString();
    }

    static String column(Column c) {
        List<String> f = new ArrayList<>();
        f.add("name: " + scalar(c.name()));
        f.add("type: " + c.type().name());
        add(f, "size", c.size());
        add(f, "precision", c.precision());
        add(f, "scale", c.scale());
        if (c.unsigned()) {
            f.add("unsigned: true");
        }
        add(f, "fsp", c.fsp());
        if (c.fixed()) {
            f.add("fixed: true");
        }
        add(f, "maxBytes", c.maxBytes());
        if (c.charset() != null) {
            f.add("charset: " + c.charset().sqlName());
        }
        if (c.collation() != null) {
            f.add("collation: " + scalar(c.collation()));
        }
        if (c.members() != null) {
            f.add("members: " + list(c.members()));
        }
        add(f, "srid", c.srid());
        if (c.geometry() != null && c.geometry() != GeometryType.GEOMETRY) {
            f.add("geometry: " + c.geometry().name());
        }
        if (c.nullable()) {
            f.add("nullable: true");
        }
        return "{" + String.join(", ", f) + "}";
    }

    private static void add(List<String> fields, String name, Object value) {
        if (value != null) {
            fields.add(name + ": " + value);
        }
    }

    private static String list(List<String> items) {
        List<String> out = new ArrayList<>();
        for (String i : items) {
            out.add(scalar(i));
        }
        return "[" + String.join(", ", out) + "]";
    }

    /** A plain scalar where YAML reads it back as the same string, else a double-quoted one. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            return s;
        }
        return quoted(s);
    }

    static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF
                            || Character.isSurrogate(c) && !validPair(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** A literal block ({@code |-}) when it holds the text exactly, else a double-quoted scalar. */
    static String block(String text, String indent) {
        boolean safe = !text.isEmpty() && !text.startsWith(" ") && !text.endsWith("\n") && !text.startsWith("\n");
        for (String line : text.split("\n", -1)) {
            if (line.endsWith(" ") || line.isEmpty()) {
                safe = false;
            }
        }
        for (int i = 0; i < text.length() && safe; i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF
                    || Character.isSurrogate(c)) {
                safe = false;
            }
        }
        if (!safe) {
            return quoted(text);
        }
        return "|-\n" + indent + text.replace("\n", "\n" + indent);
    }
}
