package dev.ferry.adapter.lambda;

import dev.ferry.app.port.WorkMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * The identifiers of a work message: for a text log line ({@link #of}) and as MDC fields
 * ({@link #fields}, {@link #put}), so JSON log lines carry them as fields of their own.
 */
final class LogIds {
    /** The MDC keys the handlers set, and remove again after each record. */
    static final List<String> MDC_KEYS = List.of("installation", "dataType", "job", "step", "run", "requestId", "messageId");

    private LogIds() {
    }

    static String of(WorkMessage message) {
        StringBuilder text = new StringBuilder();
        fields(message).forEach((key, value) -> text.append(text.isEmpty() ? "" : " ").append(key).append('=').append(value));
        return text.toString();
    }

    /** installation, dataType, job, step and run, as far as the message has them. */
    static Map<String, String> fields(WorkMessage message) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (message instanceof WorkMessage.TransferJob t) {
            fields.put("installation", t.installation().toString());
            fields.put("dataType", String.valueOf(t.dataType()));
            fields.put("job", t.job().toString());
        } else if (message instanceof WorkMessage.Track t) {
            fields.put("installation", t.installation().toString());
            fields.put("step", "track");
        } else if (message instanceof WorkMessage.Verify v) {
            fields.put("installation", v.installation().toString());
            fields.put("step", "verify");
            fields.put("run", String.valueOf(v.runId()));
            fields.put("dataType", String.valueOf(v.dataType()));
        } else if (message instanceof WorkMessage.SwitchPrimary m) {
            fields.put("installation", m.installation().toString());
            fields.put("step", "cutover");
        } else if (message instanceof WorkMessage.RetryFailed m) {
            fields.put("installation", m.installation().toString());
            fields.put("step", "retry");
        } else if (message instanceof WorkMessage.ReverseSync m) {
            fields.put("installation", m.installation().toString());
            fields.put("step", "reverse-sync");
        } else if (message instanceof WorkMessage.Pause m) {
            fields.put("installation", m.installation().toString());
            fields.put("step", m.paused() ? "pause" : "resume");
        } else {
            fields.put("step", "list-installations");
        }
        return fields;
    }

    /** Puts the fields into the MDC (every log line of this thread carries them until {@link #clear}). */
    static void put(Map<String, String> fields) {
        fields.forEach(MDC::put);
    }

    /** Removes every key the handlers set. */
    static void clear() {
        MDC_KEYS.forEach(MDC::remove);
    }
}
