package dev.ferry.local.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates the sample data: the same {@link SampleDataSet} always gives the same rows.
 *
 * <p>Ids are global across installations, as in a shared multi-tenant table, so one
 * installation's ids are increasing but interleaved with the others'. Every installation gets
 * edge values spread over its rows: NULLs, empty strings, emoji/CJK/accents, quotes and
 * backslashes, extreme decimals, doubles and dates, empty JSON objects and arrays, zero-length and
 * large (64 KiB and more) binaries; the first installation also gets a project id above 2^53 and,
 * with 1,000 attachments or more, one of 400 KiB (as large as fits a 1 MiB request once the driver
 * inlines it as hex).
 */
public final class SampleDataGenerator {

    /** A project id that a client parsing JSON numbers as doubles would corrupt (2^53 + 1). */
    public static final long BIG_PROJECT_ID = 9_007_199_254_740_993L;

    static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDateTime EPOCH_START = LocalDateTime.of(2019, 1, 1, 0, 0);
    private static final LocalDateTime EPOCH_END = LocalDateTime.of(2025, 6, 30, 0, 0);
    private static final int EDGES = 5;

    private SampleDataGenerator() {
    }

    /** The rows of every installation of the set, in set order. */
    public static List<GeneratedInstallation> generate(SampleDataSet dataSet) {
        List<GeneratedInstallation> all = new ArrayList<>();
        for (int i = 0; i < dataSet.installations().size(); i++) {
            all.add(new InstallationGenerator(dataSet, i).generate());
        }
        return all;
    }

    /** The rows of one installation of the set. */
    public static GeneratedInstallation generate(SampleDataSet dataSet, String installationId) {
        int index = dataSet.installationIds().indexOf(installationId);
        if (index < 0) {
            throw new IllegalArgumentException("Not in the data set: " + installationId);
        }
        return new InstallationGenerator(dataSet, index).generate();
    }

    /**
     * The generated rows of one installation: per data type, rows in the column order of
     * {@link SampleSchema}, sorted by primary key as the source database orders them.
     */
    public record GeneratedInstallation(String installationId, Map<String, List<List<Object>>> rowsByDataType) {

        public List<List<Object>> rows(String dataType) {
            List<List<Object>> rows = rowsByDataType.get(dataType);
            if (rows == null) {
                throw new IllegalArgumentException("Unknown sample data type: " + dataType);
            }
            return rows;
        }

        public long totalRows() {
            return rowsByDataType.values().stream().mapToLong(List::size).sum();
        }
    }

    /** Orders key values as the source does: numbers numerically, strings by UTF-8 bytes (utf8mb4_bin). */
    static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c = x instanceof String sx
                    ? Arrays.compareUnsigned(sx.getBytes(StandardCharsets.UTF_8), ((String) y).getBytes(StandardCharsets.UTF_8))
                    : Long.compare((Long) x, (Long) y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<Object> row(Object... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** Generates one installation; owns the seeded random so the draw order is fixed. */
    private static final class InstallationGenerator {
        private final InstallationSpec spec;
        private final int index;
        private final int installations;
        private final Random random;
        private final List<Long> projectIds = new ArrayList<>();
        private final List<Long> issueIds = new ArrayList<>();

        InstallationGenerator(SampleDataSet dataSet, int index) {
            this.spec = dataSet.installations().get(index);
            this.index = index;
            this.installations = dataSet.installations().size();
            this.random = new Random(dataSet.seed() * 1_000_003L + spec.installationId().hashCode());
        }

        GeneratedInstallation generate() {
            Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
            rows.put(SampleSchema.PROJECTS.dataType(), projects());
            rows.put(SampleSchema.ISSUES.dataType(), issues());
            rows.put(SampleSchema.ATTACHMENTS.dataType(), attachments());
            rows.put(SampleSchema.ISSUE_WATCHERS.dataType(), watchers());
            return new GeneratedInstallation(spec.installationId(), Collections.unmodifiableMap(rows));
        }

        /** A global id: installations take turns in blocks of {@code gap}, with a random offset inside. */
        private long globalId(long base, int localIndex, int gap) {
            return base + ((long) localIndex * installations + index) * gap + random.nextInt(gap);
        }

        /** The edge case number for a row position, or -1: edges are spread over the rows. */
        private static int edgeAt(int position, int count) {
            int stride = Math.max(1, count / EDGES);
            return position % stride == 0 && position / stride < EDGES ? position / stride : -1;
        }

        private List<List<Object>> projects() {
            List<List<Object>> rows = new ArrayList<>();
            for (int k = 0; k < spec.projects(); k++) {
                long id = globalId(1_000, k, 3);
                if (index == 0 && k == spec.projects() - 1 && k > 0) {
                    id = BIG_PROJECT_ID;
                }
                projectIds.add(id);
                String name = SampleText.pick(random, SampleText.PROJECT_WORDS) + " "
                        + SampleText.pick(random, SampleText.PROJECT_WORDS) + " " + (2019 + random.nextInt(7));
                BigDecimal budget = random.nextInt(10) == 0 ? null
                        : BigDecimal.valueOf((random.nextInt(8) == 0 ? -1L : 1L) * random.nextInt(50_000_000), 2);
                boolean archived = random.nextInt(5) == 0;
                String settings = random.nextInt(7) == 0 ? null : random.nextInt(9) == 0 ? "{}" : settings();
                LocalDateTime createdAt = timestamp();
                Object[] row = {id, name, budget, archived, settings, createdAt};
                projectEdge(edgeAt(k, spec.projects()), row);
                rows.add(row(row));
            }
            return rows;
        }

        private void projectEdge(int edge, Object[] row) {
            switch (edge) {
                case 0 -> {
                    row[1] = "";
                    row[2] = null;
                    row[4] = null;
                }
                case 1 -> {
                    row[1] = "Relaunch 🚀 東京 – Café Ünïcödé ñ 한국어";
                    row[2] = new BigDecimal("999999999999.99");
                    row[4] = "{}";
                }
                case 2 -> {
                    row[1] = "O'Brien's \"Big\" \\ Project \\\\ 'quoted' `tick`";
                    row[2] = new BigDecimal("-999999999999.99");
                    row[4] = "{\"path\":\"C:\\\\temp\\\\new\",\"quote\":\"\\\"hi\\\"\",\"emoji\":\"😀\",\"big\":9007199254740993,"
                            + "\"nested\":{\"arr\":[1,-2.5,null,true,\"x\",0.1]},\"empty\":{},\"list\":[]}";
                }
                case 3 -> {
                    row[2] = new BigDecimal("0.00");
                    row[3] = true;
                    row[4] = "[]";
                    row[5] = LocalDateTime.of(1970, 1, 1, 0, 0, 1);
                }
                case 4 -> {
                    row[1] = SampleText.codePoints(200);
                    row[2] = new BigDecimal("-0.01");
                    row[5] = LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_000_000);
                }
                default -> {
                    // an ordinary row
                }
            }
        }

        private String settings() {
            ObjectNode settings = JSON.createObjectNode();
            settings.put("color", "#" + SampleText.hex(random, 6));
            settings.put("notifications", random.nextBoolean());
            settings.put("wipLimit", 1 + random.nextInt(12));
            ArrayNode tags = settings.putArray("tags");
            for (int i = random.nextInt(4); i > 0; i--) {
                tags.add(SampleText.pick(random, SampleText.LABELS));
            }
            ObjectNode owner = settings.putObject("owner");
            owner.put("name", SampleText.pick(random, SampleText.SPECIAL_USER_KEYS));
            owner.put("ratio", random.nextInt(1000) / 100.0);
            return settings.toString();
        }

        private List<List<Object>> issues() {
            List<List<Object>> rows = new ArrayList<>();
            for (int k = 0; k < spec.issues(); k++) {
                long id = globalId(100_000, k, 2);
                issueIds.add(id);
                long projectId = SampleText.pick(random, projectIds);
                String title = SampleText.pick(random, SampleText.VERBS) + " " + SampleText.pick(random, SampleText.OBJECTS);
                int bodyKind = random.nextInt(100);
                String body = bodyKind < 20 ? null : bodyKind < 25 ? ""
                        : SampleText.words(random, SampleText.BODY_WORDS, bodyKind == 99 ? 3_000 : 10 + random.nextInt(120));
                LocalDate due = random.nextInt(10) < 4 ? null
                        : LocalDate.of(2020, 1, 1).plusDays(random.nextInt(7 * 365));
                ArrayNode labels = JSON.createArrayNode();
                for (int i = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(3); i > 0; i--) {
                    labels.add(SampleText.pick(random, SampleText.LABELS));
                }
                Double estimate = random.nextInt(10) < 3 ? null : (1 + random.nextInt(160)) / 4.0;
                LocalDateTime updatedAt = timestamp();
                Object[] row = {id, projectId, title, body, due, labels.toString(), estimate, updatedAt};
                issueEdge(edgeAt(k, spec.issues()), row);
                rows.add(row(row));
            }
            return rows;
        }

        private void issueEdge(int edge, Object[] row) {
            switch (edge) {
                case 0 -> {
                    row[2] = "";
                    row[3] = null;
                    row[4] = null;
                    row[5] = "[]";
                    row[6] = null;
                }
                case 1 -> {
                    row[3] = "";
                    row[4] = LocalDate.of(1000, 1, 1);
                    row[5] = "[\"🐛 bug\",\"需要翻译\",\"naïve\",\"quote\\\"d\",\"back\\\\slash\",\"\"]";
                    row[6] = -1.5;
                    row[7] = LocalDateTime.of(1000, 1, 1, 0, 0);
                }
                case 2 -> {
                    row[3] = SampleText.codePoints(15_000);
                    row[4] = LocalDate.of(9999, 12, 31);
                    row[6] = 1.0E-9;
                    row[7] = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000);
                }
                case 3 -> {
                    row[2] = "Can't save \"draft\" in C:\\Users\\näme\\\n\tnext line";
                    row[3] = "Line 1\r\nLine 2 with control characters \u0007 and \u001f\nΩ≈ç√∫ 🙂";
                    row[5] = "{}";
                    row[6] = 0.1 + 0.2;
                }
                case 4 -> {
                    row[6] = Double.MAX_VALUE;
                    row[3] = "   leading and trailing spaces   ";
                }
                default -> {
                    // an ordinary row
                }
            }
        }

        private List<List<Object>> attachments() {
            List<List<Object>> rows = new ArrayList<>();
            for (int k = 0; k < spec.attachments(); k++) {
                long id = globalId(5_000_000, k, 4);
                long issueId = SampleText.pick(random, issueIds);
                String[] type = SampleText.pick(random, FILE_TYPES);
                String filename = SampleText.pick(random, SampleText.FILE_STEMS) + "-" + (k + 1) + "." + type[0];
                int sizeKind = random.nextInt(100);
                int size = sizeKind < 90 ? 16 + random.nextInt(4_080)
                        : sizeKind < 98 ? 4_096 + random.nextInt(28_672) : 65_536 + random.nextInt(36_000);
                Object[] row = {id, issueId, filename, type[1], content(type, size)};
                attachmentEdge(edgeAt(k, spec.attachments()), row);
                rows.add(row(row));
            }
            if (index == 0 && spec.attachments() >= 1_000) {
                // one 400 KiB file, replacing the middle row's content
                int middle = spec.attachments() / 2 + 1;
                List<Object> old = rows.get(middle);
                rows.set(middle, row(old.get(0), old.get(1), "backup-2024.zip", "application/zip",
                        content(new String[] {"zip", "application/zip"}, 400 * 1024)));
            }
            return rows;
        }

        private void attachmentEdge(int edge, Object[] row) {
            switch (edge) {
                case 0 -> {
                    row[2] = "empty.txt";
                    row[3] = "text/plain";
                    row[4] = new byte[0];
                }
                case 1 -> {
                    row[2] = "Überweisung März 2024.pdf";
                    row[3] = "application/pdf";
                    row[4] = content(new String[] {"pdf", "application/pdf"}, 65_536);
                }
                case 2 -> {
                    row[2] = "设计稿 v2 🎨.png";
                    row[3] = "image/png";
                    row[4] = content(new String[] {"png", "image/png"}, 70_001);
                }
                case 3 -> {
                    row[2] = "O'Reilly \"notes\" \\ draft.bin";
                    row[3] = "application/octet-stream";
                    byte[] everyByte = new byte[512];
                    for (int i = 0; i < everyByte.length; i++) {
                        everyByte[i] = (byte) i;
                    }
                    row[4] = everyByte;
                }
                case 4 -> row[2] = "";
                default -> {
                    // an ordinary row
                }
            }
        }

        private byte[] content(String[] type, int size) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            byte[] magic = MAGIC.getOrDefault(type[0], new byte[0]);
            System.arraycopy(magic, 0, content, 0, Math.min(magic.length, size));
            return content;
        }

        private List<List<Object>> watchers() {
            List<String> users = new ArrayList<>(SampleText.SPECIAL_USER_KEYS);
            while (users.size() < InstallationSpec.MAX_WATCHERS_PER_ISSUE) {
                users.add(SampleText.hex(random, 24));
            }
            Set<Long> taken = new HashSet<>();
            List<List<Object>> rows = new ArrayList<>();
            for (int k = 0; k < spec.watchers(); k++) {
                int issue = random.nextInt(issueIds.size());
                int user = k < SampleText.SPECIAL_USER_KEYS.size() ? k : random.nextInt(users.size());
                for (int tries = 0; !taken.add((long) issue * 64 + user); tries++) {
                    if (tries > 20) { // crowded: take the next free pair in order
                        user = (user + 1) % users.size();
                        issue = user == 0 ? (issue + 1) % issueIds.size() : issue;
                    } else {
                        user = random.nextInt(users.size());
                    }
                }
                LocalDateTime since = k == 1 ? LocalDateTime.of(1970, 1, 1, 0, 0, 1) : timestamp();
                rows.add(row(issueIds.get(issue), users.get(user), since));
            }
            rows.sort(Comparator.comparing(r -> r.subList(0, 2), SampleDataGenerator::compareKeys));
            return rows;
        }

        /** A random UTC date-time with millisecond precision between 2019 and mid-2025. */
        private LocalDateTime timestamp() {
            long span = ChronoUnit.MILLIS.between(EPOCH_START, EPOCH_END);
            return EPOCH_START.plus((long) (random.nextDouble() * span), ChronoUnit.MILLIS);
        }
    }

    /** File extension and MIME type pairs. */
    private static final List<String[]> FILE_TYPES = List.of(
            new String[] {"png", "image/png"}, new String[] {"jpg", "image/jpeg"},
            new String[] {"pdf", "application/pdf"}, new String[] {"txt", "text/plain; charset=utf-8"},
            new String[] {"csv", "text/csv"}, new String[] {"zip", "application/zip"},
            new String[] {"log", "text/plain"}, new String[] {"json", "application/json"});

    /** The first bytes of real files of some types, so the content looks like what it claims. */
    private static final Map<String, byte[]> MAGIC = Map.of(
            "png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
            "jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
            "pdf", "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII),
            "zip", new byte[] {'P', 'K', 3, 4});
}
