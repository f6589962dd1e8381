package dev.ferry.adapter.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Cursor;

/**
 * The JSON body of a work message, versioned:
 * {@code {"v":1,"type":"transfer","installationId":"acme","jobId":"users#3","dataType":"users","cursor":"n:14"}},
 * {@code {"v":1,"type":"track","installationId":"acme"}},
 * {@code {"v":1,"type":"list","after":"n:500","page":3,"mark":"…"}} ({@code page}, {@code mark} optional),
 * {@code {"v":1,"type":"retry","installationId":"acme"}},
 * {@code {"v":1,"type":"verify","installationId":"acme","runId":"…","dataType":"users","repair":false}},
 * {@code {"v":1,"type":"cutover","installationId":"acme","primary":"DESTINATION"}},
 * {@code {"v":1,"type":"reverse-sync","installationId":"acme"}},
 * {@code {"v":1,"type":"pause","installationId":"acme"}}, {@code {"v":1,"type":"resume","installationId":"acme"}}
 * ({@code runId} and {@code dataType} optional).
 * Anything else is INVALID_MESSAGE (permanent).
 */
public final class WorkMessageCodec {
    private static final int VERSION = 1;
    private static final int MAX_BODY = 16 * 1024;
    private final ObjectMapper json;

    public WorkMessageCodec(ObjectMapper json) {
        this.json = json;
    }

    public String encode(WorkMessage message) {
        ObjectNode node = json.createObjectNode().put("v", VERSION);
        if (message instanceof ListInstallations list) {
            node.put("type", "list");
            putCursor(node, "after", list.after());
            if (list.page() > 0) {
                node.put("page", list.page());
            }
            if (list.mark() != null) {
                node.put("mark", dev.ferry.domain.job.LoopMark.encode(list.mark()));
            }
        } else if (message instanceof WorkMessage.Track track) {
            node.put("type", "track").put("installationId", track.installation().value());
        } else if (message instanceof TransferJob job) {
            node.put("type", "transfer")
                    .put("installationId", job.installation().value())
                    .put("jobId", job.job().value())
                    .put("dataType", job.dataType());
            putCursor(node, "cursor", job.cursor());
        } else if (message instanceof WorkMessage.Verify verify) {
            node.put("type", "verify").put("installationId", verify.installation().value())
                    .put("runId", verify.runId()).put("dataType", verify.dataType()).put("repair", verify.repair());
        } else if (message instanceof WorkMessage.SwitchPrimary cutover) {
            node.put("type", "cutover").put("installationId", cutover.installation().value())
                    .put("primary", cutover.primary().name());
        } else if (message instanceof WorkMessage.RetryFailed retry) {
            node.put("type", "retry").put("installationId", retry.installation().value());
        } else if (message instanceof WorkMessage.ReverseSync reverse) {
            node.put("type", "reverse-sync").put("installationId", reverse.installation().value());
        } else if (message instanceof WorkMessage.Pause pause) {
            node.put("type", pause.paused() ? "pause" : "resume").put("installationId", pause.installation().value());
        }
        return node.toString();
    }

    public WorkMessage decode(String body) {
        if (body == null || body.length() > MAX_BODY) {
            throw invalid("message body missing or larger than " + MAX_BODY + " characters");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (Exception e) {
            throw invalid("message body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid("message body is not a JSON object");
        }
        if (node.path("v").asInt(-1) != VERSION) {
            throw invalid("unsupported message version " + node.path("v"));
        }
        try {
            return switch (text(node, "type", true)) {
                case "list" -> new ListInstallations(Cursor.decode(text(node, "after", false)),
                        Math.max(0, node.path("page").asLong(0)),
                        dev.ferry.domain.job.LoopMark.decode(text(node, "mark", false)));
                case "retry" -> new WorkMessage.RetryFailed(InstallationId.of(text(node, "installationId", true)));
                case "track" -> new WorkMessage.Track(InstallationId.of(text(node, "installationId", true)));
                case "transfer" -> new TransferJob(InstallationId.of(text(node, "installationId", true)),
                        JobId.parse(text(node, "jobId", true)), text(node, "dataType", false),
                        Cursor.decode(text(node, "cursor", false)));
                case "verify" -> new WorkMessage.Verify(InstallationId.of(text(node, "installationId", true)),
                        text(node, "runId", false), text(node, "dataType", false), node.path("repair").asBoolean(false));
                case "cutover" -> new WorkMessage.SwitchPrimary(InstallationId.of(text(node, "installationId", true)),
                        primary(text(node, "primary", true)));
                case "reverse-sync" -> new WorkMessage.ReverseSync(InstallationId.of(text(node, "installationId", true)));
                case "pause" -> new WorkMessage.Pause(InstallationId.of(text(node, "installationId", true)), true);
                case "resume" -> new WorkMessage.Pause(InstallationId.of(text(node, "installationId", true)), false);
                default -> throw invalid("unknown message type");
            };
        } catch (FerryException e) {
            throw e.code() == ErrorCode.INVALID_MESSAGE ? e : invalid(e.getMessage());
        }
    }

    private static Primary primary(String text) {
        try {
            return Primary.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw invalid("primary must be SOURCE or DESTINATION");
        }
    }

    private static void putCursor(ObjectNode node, String field, Cursor cursor) {
        if (cursor != null) {
            node.put(field, cursor.encode());
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("message has no " + field);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("message field " + field + " is not a string");
        }
        return value.asText();
    }

    private static FerryException invalid(String why) {
        return new FerryException(ErrorCode.INVALID_MESSAGE, why);
    }
}
