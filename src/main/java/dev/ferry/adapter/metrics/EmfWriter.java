package dev.ferry.adapter.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes metrics as CloudWatch Embedded Metric Format (EMF) documents, one JSON object per line on
 * standard output; Lambda's log agent hands each line to CloudWatch Logs, which extracts the metrics
 * (no API call, no extra latency). A document looks like:
 *
 * <pre>{@code
 * {"_aws":{"Timestamp":1767225600000,
 *          "CloudWatchMetrics":[{"Namespace":"Ferry","Dimensions":[["Function","DataType"]],
 *                                "Metrics":[{"Name":"RowsCopied","Unit":"Count"}]}]},
 *  "Function":"worker","DataType":"issues","RowsCopied":5000,"installation":"acme"}
 * }</pre>
 *
 * <p>Dimensions must stay few and low-cardinality (function, data type, error code, tracker outcome):
 * every distinct combination is a separate, billed metric. Identifiers such as the installation, job
 * or request go in as plain properties: searchable with Logs Insights, never a dimension.
 *
 * <p>Thread-safe. Never throws: metrics must not fail the work they describe.
 */
public final class EmfWriter {
    /** The CloudWatch namespace of every Ferry metric. */
    public static final String NAMESPACE = "Ferry";

    /** CloudWatch's units used here. */
    public enum Unit {
        Count, Seconds, Milliseconds
    }

    private final Consumer<String> out;
    private final Clock clock;
    private final ObjectMapper json;

    /**
     * @param out receives each document as one line (standard output in Lambda)
     */
    public EmfWriter(Consumer<String> out, Clock clock, ObjectMapper json) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** A writer to standard output, as Lambda's EMF extraction expects. */
    public static EmfWriter toStandardOutput(Clock clock, ObjectMapper json) {
        return new EmfWriter(line -> System.out.println(line), clock, json);
    }

    /** A writer that records nothing, for harnesses that drive the handlers without CloudWatch. */
    public static EmfWriter off() {
        return new EmfWriter(line -> { }, Clock.systemUTC(), new ObjectMapper());
    }

    /** Starts a document; add dimensions, metrics and properties, then {@link Document#write()}. */
    public Document document() {
        return new Document();
    }

    /** One EMF document under construction: one dimension set, any number of metrics. */
    public final class Document {
        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final Map<String, Number> values = new LinkedHashMap<>();
        private final Map<String, Unit> units = new LinkedHashMap<>();
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Document() {
        }

        /** A dimension (keep its values few: never an installation, job or request id). Null values are skipped. */
        public Document dimension(String name, String value) {
            if (value != null) {
                dimensions.put(name, value);
            }
            return this;
        }

        public Document metric(String name, Number value, Unit unit) {
            values.put(name, value);
            units.put(name, unit);
            return this;
        }

        public Document count(String name, long value) {
            return metric(name, value, Unit.Count);
        }

        /** A plain property: searchable in the log line, not a dimension. Null values are skipped. */
        public Document property(String name, String value) {
            if (value != null) {
                properties.put(name, value);
            }
            return this;
        }

        /** Writes the document as one line; does nothing when it holds no metric. */
        public void write() {
            if (values.isEmpty()) {
                return;
            }
            ObjectNode root = json.createObjectNode();
            ObjectNode aws = root.putObject("_aws");
            aws.put("Timestamp", clock.millis());
            ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
            directive.put("Namespace", NAMESPACE);
            ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
            dimensions.keySet().forEach(dimensionSet::add);
            ArrayNode metrics = directive.putArray("Metrics");
            units.forEach((name, unit) -> metrics.addObject().put("Name", name).put("Unit", unit.name()));
            properties.forEach(root::put);
            dimensions.forEach(root::put);
            values.forEach((name, value) -> {
                if (value instanceof Double || value instanceof Float) {
                    root.put(name, value.doubleValue());
                } else {
                    root.put(name, value.longValue());
                }
            });
            try {
                out.accept(json.writeValueAsString(root));
            } catch (JsonProcessingException | RuntimeException e) {
                // Metrics are best effort; losing one document must not fail the work it describes.
            }
        }
    }
}
