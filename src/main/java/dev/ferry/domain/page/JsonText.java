package dev.ferry.domain.page;

import java.util.Objects;

/** A JSON document kept as its serialized text (nested objects or arrays from a remote page). */
public record JsonText(String json) {
    public JsonText {
        Objects.requireNonNull(json, "json");
    }

    @Override
    public String toString() {
        return json;
    }
}
