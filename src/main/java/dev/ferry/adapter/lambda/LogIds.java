package dev.ferry.adapter.lambda;

import dev.ferry.app.port.WorkMessage;

/** The identifiers of a work message for a log line: installation, data type and job. */
final class LogIds {
    private LogIds() {
    }

    static String of(WorkMessage message) {
        if (message instanceof WorkMessage.TransferJob t) {
            return "installation=" + t.installation() + " dataType=" + t.dataType() + " job=" + t.job();
        }
        if (message instanceof WorkMessage.Track t) {
            return "installation=" + t.installation() + " step=track";
        }
        if (message instanceof WorkMessage.Verify v) {
            return "installation=" + v.installation() + " step=verify run=" + v.runId() + " dataType=" + v.dataType();
        }
        return "step=list-installations";
    }
}
