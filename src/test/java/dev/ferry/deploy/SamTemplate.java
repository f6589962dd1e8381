package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment template (template.yaml), parsed once as plain YAML (it is written in long-form intrinsics:
 * Ref:, Fn::GetAtt:, Fn::Sub:), and what its tests look up in it: resources, effective properties, events,
 * policy templates.
 */
final class SamTemplate {

    static final Path TEMPLATE = Path.of("template.yaml");
    static final List<String> FUNCTIONS = List.of("TrackerFunction", "WorkerFunction", "StatusFunction");
    /** The building blocks' functions, sharing the blocks bucket and the file-group queue. */
    static final List<String> BLOCK_FUNCTIONS = List.of("ExporterFunction", "ImporterFunction");
    static final List<String> ALL_FUNCTIONS = List.of("TrackerFunction", "WorkerFunction", "StatusFunction",
            "ExporterFunction", "ImporterFunction");
    static final String SECRETS_MANAGER_REFERENCE = "{{resolve:secretsmanager:";

    private static final JsonNode PARSED = parse();

    private SamTemplate() {
    }

    private static JsonNode parse() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not parse " + TEMPLATE, e);
        }
    }

    /** The template, parsed once. */
    static JsonNode template() {
        return PARSED;
    }

    static void assertAlarm(JsonNode alarm, String namespace, String metric, String watched) {
        assertThat(alarm.path("Namespace").asText()).as(metric).isEqualTo(namespace);
        assertThat(alarm.path("MetricName").asText()).isEqualTo(metric);
        JsonNode value = alarm.path("Dimensions").path(0).path("Value");
        String target = value.has("Ref") ? value.path("Ref").asText() : value.path("Fn::GetAtt").path(0).asText();
        assertThat(target).as(metric).isEqualTo(watched);
    }

    /** Every parameter named by a Ref inside {@code node} (intrinsic functions included), AWS pseudo parameters left out. */
    static void collectRefs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equals("Ref") && entry.getValue().isTextual()) {
                    if (!entry.getValue().asText().startsWith("AWS::")) {
                        into.add(entry.getValue().asText());
                    }
                } else {
                    collectRefs(entry.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    static JsonNode resource(String logicalId) {
        JsonNode resource = template().path("Resources").path(logicalId);
        assertThat(resource.isMissingNode()).as("resource %s", logicalId).isFalse();
        return resource;
    }

    static JsonNode properties(String logicalId) {
        return resource(logicalId).path("Properties");
    }

    static List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : template().path("Resources").properties()) {
            if (type.equals(entry.getValue().path("Type").asText())) {
                ids.add(entry.getKey());
            }
        }
        return ids;
    }

    /** The function's own value of a property, or else the one from Globals.Function. */
    static JsonNode effectiveProperty(String function, String property) {
        JsonNode own = properties(function).path(property);
        return own.isMissingNode() ? template().path("Globals").path("Function").path(property) : own;
    }

    /** Globals.Function environment variables overlaid with the function's own, as SAM merges them. */
    static Map<String, JsonNode> effectiveEnvironment(String function) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        collect(template().path("Globals").path("Function").path("Environment").path("Variables"), variables);
        collect(properties(function).path("Environment").path("Variables"), variables);
        return variables;
    }

    static void collect(JsonNode object, Map<String, JsonNode> into) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            into.put(entry.getKey(), entry.getValue());
        }
    }

    static List<JsonNode> eventsOfType(JsonNode events, String type) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode event : events) {
            if (type.equals(event.path("Type").asText())) {
                matching.add(event);
            }
        }
        return matching;
    }

    static Map<String, JsonNode> policyTemplates(String function) {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        for (JsonNode policy : properties(function).path("Policies")) {
            collect(policy, templates);
        }
        return templates;
    }

    static String queueNameOf(JsonNode policyTemplate) {
        JsonNode getAtt = policyTemplate.path("QueueName").path("Fn::GetAtt");
        assertThat(getAtt.path(1).asText()).isEqualTo("QueueName");
        return getAtt.path(0).asText();
    }

    static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }
}
