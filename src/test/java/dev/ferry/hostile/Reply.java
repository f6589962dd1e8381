package dev.ferry.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response before it is sent. Its JSON body is {@code prefix + elements joined by "," + suffix};
 * a data page keeps its rows as elements so an oversized variant can repeat them.
 */
record Reply(int status, String contentType, Map<String, String> headers, Shape shape) {

    static final String JSON = "application/json";

    /** The parts of a body. */
    record Shape(String prefix, List<String> elements, String suffix) {

        /** A body with nothing to repeat; padding goes before its last character. */
        static Shape of(String body) {
            return body.isEmpty() ? new Shape("", List.of(), "") : new Shape(body.substring(0, body.length() - 1),
                    List.of(), body.substring(body.length() - 1));
        }

        String text() {
            return prefix + String.join(",", elements) + suffix;
        }
    }

    static Reply json(int status, String body) {
        return new Reply(status, JSON, Map.of(), Shape.of(body));
    }

    static Reply error(int status, String message) {
        return json(status, "{\"error\":" + Json.write(message) + "}");
    }

    Reply withStatus(int newStatus) {
        return new Reply(newStatus, contentType, headers, shape);
    }

    byte[] bytes() {
        return shape.text().getBytes(StandardCharsets.UTF_8);
    }
}
