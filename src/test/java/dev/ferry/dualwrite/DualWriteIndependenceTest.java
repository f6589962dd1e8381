package dev.ferry.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dual-write helper is embedded by apps and built into the app-side artifact: nothing in its package
 * tree may use the rest of Ferry but the shared JDBC conventions ({@code dev.ferry.jdbc}, built into the
 * same artifact), nor anything beyond the JDK's {@code java.*} and {@code javax.sql}.
 */
class DualWriteIndependenceTest {
    private static final Path SOURCES = Path.of("src/app/java/dev/ferry/dualwrite");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern FERRY_NAME = Pattern.compile("\\bdev\\.ferry\\.(?!dualwrite\\b|jdbc\\b)\\w+");

    @Test
    void shouldDependOnNothingButTheJdk() throws IOException {
        // given
        List<String> offences = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }

        // when
        for (Path file : files) {
            String source = Files.readString(file);
            Matcher imports = IMPORT.matcher(source);
            while (imports.find()) {
                String name = imports.group(2);
                if (!name.startsWith("java.") && !name.startsWith("javax.sql.") && !name.startsWith("dev.ferry.dualwrite.")
                        && !name.startsWith("dev.ferry.jdbc.")) {
                    offences.add(file.getFileName() + ": import " + name);
                }
            }
            Matcher ferry = FERRY_NAME.matcher(source);
            while (ferry.find()) {
                offences.add(file.getFileName() + ": " + ferry.group());
            }
        }

        // then
        assertThat(files).hasSizeGreaterThan(20);
        assertThat(offences).isEmpty();
    }
}
