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
        if (message instanceof WorkMessage.SwitchPrimary m) {
            return "installation=" + m.installation() + " step=cutover";
        }
        if (message instanceof WorkMessage.RetryFailed m) {
            return "installation=" + m.installation() + " step=retry";
        }
        if (message instanceof WorkMessage.ReverseSync m) {
            return "installation=" + m.installation() + " step=reverse-sync";
        }
        if (message instanceof WorkMessage.Pause m) {
            return "installation=" + m.installation() + " step=" + (m.paused() ? "pause" : "resume");
        }
        return "step=list-installations";
    }
}
