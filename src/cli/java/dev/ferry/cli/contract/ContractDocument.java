package dev.ferry.cli.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The remote contract's OpenAPI 3.1 document ({@code docs/remote-contract.openapi.yaml}, also on the
 * classpath next to this class): validates bodies against its component schemas (JSON Schema 2020-12 in
 * the OpenAPI 3.1 dialect, with {@code com.networknt:json-schema-validator}) and checks the document's own
 * structure as far as that library allows. Thread-safe.
 */
public final class ContractDocument {
    /** Where the document is found on the classpath. */
    public static final String RESOURCE = "/dev/ferry/cli/contract/remote-contract.openapi.yaml";
    /** The IRI the document is registered under, so that its {@code $ref}s resolve inside it. */
    static final String DOCUMENT_IRI = "https://ferry.dev/contract/remote-contract.openapi.json";
    private static final String META_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");

    private final JsonNode root;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ContractDocument(JsonNode root) {
        this.root = Objects.requireNonNull(root, "root");
        String json = root.toString();
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, json)));
    }

    /** The document shipped with the checker (on the classpath). */
    public static ContractDocument bundled() {
        try (InputStream in = ContractDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the contract document " + RESOURCE + " is not on the classpath");
            }
            return new ContractDocument(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the contract document", e);
        }
    }

    /** A document read from a YAML (or JSON) file. */
    public static ContractDocument read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new ContractDocument(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** The parsed document. */
    public JsonNode root() {
        return root;
    }

    /** The names under {@code components.schemas}. */
    public List<String> schemaNames() {
        List<String> names = new ArrayList<>();
        root.path("components").path("schemas").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * What is wrong with {@code body} measured against the component schema {@code schemaName}: one line per
     * problem (where, what), empty when it conforms.
     */
    public List<String> problems(String schemaName, JsonNode body) {
        Schema schema = schemas.computeIfAbsent(schemaName, this::load);
        List<String> out = new ArrayList<>();
        for (Error error : schema.validate(body)) {
            out.add(error.toString());
        }
        return out;
    }

    private Schema load(String schemaName) {
        if (root.path("components").path("schemas").path(schemaName).isMissingNode()) {
            throw new IllegalArgumentException("the contract has no schema " + schemaName);
        }
        return registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#/components/schemas/" + schemaName));
    }

    /**
     * The document's structural problems, empty when none are found: an OpenAPI 3.1 version, info with title
     * and version, every path's operations with responses and every path template parameter declared, every
     * {@code $ref} resolving inside the document, every component schema valid against the JSON Schema
     * 2020-12 meta-schema and loadable by the validator.
     */
    public List<String> structuralProblems() {
        List<String> problems = new ArrayList<>();
        if (!root.path("openapi").asText("").matches("3\\.1\\.\\d+")) {
            problems.add("openapi: not a 3.1.x version: " + root.path("openapi"));
        }
        if (!root.path("info").path("title").isTextual() || !root.path("info").path("version").isTextual()) {
            problems.add("info: title and version are required strings");
        }
        JsonNode paths = root.path("paths");
        if (!paths.isObject() || paths.isEmpty()) {
            problems.add("paths: none");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            checkPath(path.getKey(), path.getValue(), problems);
        }
        checkRefs(root, "#", problems);
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of(META_SCHEMA_2020_12));
        for (String name : schemaNames()) {
            JsonNode schema = root.path("components").path("schemas").path(name);
            for (Error error : meta.validate(schema)) {
                problems.add("components.schemas." + name + ": not a valid JSON Schema: " + error);
            }
            try {
                load(name);
            } catch (SchemaException | IllegalArgumentException e) {
                problems.add("components.schemas." + name + ": cannot be loaded: " + e.getMessage());
            }
        }
        JsonNode schemes = root.path("components").path("securitySchemes");
        for (JsonNode requirement : root.path("security")) {
            requirement.fieldNames().forEachRemaining(name -> {
                if (schemes.path(name).isMissingNode()) {
                    problems.add("security: no security scheme named " + name);
                }
            });
        }
        return problems;
    }

    private void checkPath(String template, JsonNode item, List<String> problems) {
        if (!template.startsWith("/")) {
            problems.add("paths." + template + ": must start with /");
        }
        List<String> templated = new ArrayList<>();
        Matcher m = PATH_PARAMETER.matcher(template);
        while (m.find()) {
            templated.add(m.group(1));
        }
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!METHODS.contains(field.getKey())) {
                continue;
            }
            operations++;
            String where = "paths." + template + "." + field.getKey();
            JsonNode operation = field.getValue();
            JsonNode responses = operation.path("responses");
            if (!responses.isObject() || responses.isEmpty()) {
                problems.add(where + ": no responses");
            }
            for (Iterator<String> codes = responses.fieldNames(); codes.hasNext(); ) {
                String code = codes.next();
                if (!code.matches("[1-5](\\d\\d|XX)|default")) {
                    problems.add(where + ": response code " + code + " is not a status, a range or default");
                }
            }
            List<String> declared = new ArrayList<>();
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode resolved = resolve(parameter);
                if (resolved != null && "path".equals(resolved.path("in").asText())) {
                    declared.add(resolved.path("name").asText());
                    if (!resolved.path("required").asBoolean(false)) {
                        problems.add(where + ": path parameter " + resolved.path("name").asText() + " must be required");
                    }
                }
            }
            for (String name : templated) {
                if (!declared.contains(name)) {
                    problems.add(where + ": path parameter {" + name + "} is not declared");
                }
            }
        }
        if (operations == 0) {
            problems.add("paths." + template + ": no operations");
        }
    }

    private void checkRefs(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && resolvePointer(ref.asText()) == null) {
                problems.add(where + ": $ref " + ref.asText() + " does not resolve inside the document");
            }
            node.fields().forEachRemaining(f -> checkRefs(f.getValue(), where + "/" + f.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkRefs(node.get(i), where + "/" + i, problems);
            }
        }
    }

    private JsonNode resolve(JsonNode maybeRef) {
        JsonNode ref = maybeRef.get("$ref");
        return ref == null ? maybeRef : resolvePointer(ref.asText());
    }

    private JsonNode resolvePointer(String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }

    /** A JSON reader for bodies: numbers exactly as sent. */
    static ObjectMapper bodyMapper() {
        return JsonMapper.builder()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }
}
