package dev.ferry.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ferry end to end: a JVM of its own, started from the same application
 * ({@code BenchMain ferry <result file>}, with {@code bench.ferry.jvm.options}), running
 * {@link dev.ferry.local.BenchFerryRun} against the parent's remote, SQS and database; its figures
 * come back as JSON in the result file.
 */
final class FerryStep {
    private FerryStep() {
    }

    static JsonNode run(BenchSettings settings, Map<String, String> properties, Path result) throws Exception {
        Files.deleteIfExists(result);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : settings.ferryJvmOptions().trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith("quarkus-run.jar") && !classPath.contains(File.pathSeparator)) {
            command.add("-jar"); // the runner jar starts this application's main class, BenchMain
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(BenchMain.class.getName());
        }
        command.add("ferry");
        command.add(result.toString());
        Process process = new ProcessBuilder(command).inheritIO().start();
        int code = process.waitFor();
        if (!Files.exists(result)) {
            throw new IllegalStateException("the Ferry run ended with exit code " + code + " and no figures"
                    + (code != 0 ? " (see its output above; an OutOfMemoryError means the heap was too small)" : ""));
        }
        return new ObjectMapper().readTree(result.toFile());
    }
}
