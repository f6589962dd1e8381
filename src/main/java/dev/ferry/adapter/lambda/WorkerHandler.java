package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.adapter.metrics.EmfWriter;
import dev.ferry.adapter.metrics.FerryMetrics;
import dev.ferry.adapter.sqs.RedeliveryDelay;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.HandleWorkMessage;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.FerryException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The SQS consumer (work queue, and the operator queue when one is configured). Each record is decoded
 * and handed to the core; the answer lists the records to deliver again (partial batch failure):
 * retryable failures, and messages that cannot be read (so they end in the dead-letter queue for a
 * person to look at). Permanent job failures are recorded on the job by the core and acknowledged.
 *
 * <p>A record failed with a retryable error is hidden for a backoff growing with its receive count
 * ({@link RedeliveryDelay}) rather than for the queue's whole visibility timeout. Every log line of a
 * record carries its installation, data type, job, request and message ids in the MDC; the figures of
 * each record are written as EMF metrics ({@link FerryMetrics}).
 */
@ApplicationScoped
@Named("worker")
public class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(WorkerHandler.class);
    /** The Function dimension of the worker's metrics. */
    static final String FUNCTION = "worker";

    @Inject
    HandleWorkMessage core;

    @Inject
    WorkMessageCodec codec;

    @Inject
    InvocationBudget budget;

    @Inject
    EmfWriter metrics;

    @Inject
    RedeliveryDelay redelivery;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        var remaining = budget.remainingMillis(context);
        for (SQSEvent.SQSMessage record : records) {
            try {
                MDC.put("requestId", context.getAwsRequestId());
                MDC.put("messageId", record.getMessageId());
                if (!handle(record, context, remaining)) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
                }
            } finally {
                LogIds.clear();
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** @return whether the record is done with (acknowledge) */
    private boolean handle(SQSEvent.SQSMessage record, Context context, java.util.function.LongSupplier remaining) {
        String request = context.getAwsRequestId();
        WorkMessage message;
        try {
            message = codec.decode(record.getBody());
        } catch (FerryException e) {
            LOG.errorf("worker request=%s message=%s: %s %s; left for the dead-letter queue", request,
                    record.getMessageId(), e.code(), e.getMessage());
            metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION).count(FerryMetrics.RECORDS_UNREADABLE, 1)
                    .property("requestId", request).property("messageId", record.getMessageId()).write();
            return false;
        }
        Map<String, String> fields = LogIds.fields(message);
        LogIds.put(fields);
        String ids = LogIds.of(message) + " request=" + request + " message=" + record.getMessageId();
        try {
            HandleWorkMessage.Handled result = core.handle(message, request + "/" + record.getMessageId(), remaining);
            if (result.jobFailed()) {
                LOG.errorf("worker %s: %s; job FAILED, acknowledged", ids, result.summary());
            } else {
                LOG.infof("worker %s: %s", ids, result.summary());
            }
            report(result, fields, request);
            return true;
        } catch (FerryException e) {
            if (e.retryable()) {
                int hidden = retryLater(record);
                LOG.warnf("worker %s: %s %s; will be retried%s", ids, e.code(), e.getMessage(),
                        hidden < 0 ? "" : " in " + hidden + " s");
                retried(fields, request, e.code().name());
                return false;
            }
            LOG.errorf("worker %s: %s %s; acknowledged", ids, e.code(), e.getMessage());
            return true;
        } catch (RuntimeException e) {
            int hidden = retryLater(record);
            LOG.errorf(e, "worker %s: unexpected failure; will be retried%s", ids, hidden < 0 ? "" : " in " + hidden + " s");
            retried(fields, request, "UNEXPECTED");
            return false;
        }
    }

    private int retryLater(SQSEvent.SQSMessage record) {
        int receives = 1;
        Map<String, String> attributes = record.getAttributes();
        if (attributes != null && attributes.get("ApproximateReceiveCount") != null) {
            try {
                receives = Integer.parseInt(attributes.get("ApproximateReceiveCount"));
            } catch (NumberFormatException e) {
                receives = 1;
            }
        }
        return redelivery.delay(record.getEventSourceArn(), record.getReceiptHandle(), receives);
    }

    private void report(HandleWorkMessage.Handled result, Map<String, String> fields, String request) {
        HandleWorkMessage.Figures figures = result.figures();
        String installation = fields.get("installation");
        if (fields.containsKey("job") && (figures.pages() > 0 || figures.rows() > 0)) {
            metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION).dimension(FerryMetrics.DATA_TYPE, fields.get("dataType"))
                    .count(FerryMetrics.ROWS_COPIED, figures.rows()).count(FerryMetrics.PAGES_COPIED, figures.pages())
                    .property("installation", installation).property("job", fields.get("job")).property("requestId", request)
                    .write();
        }
        if (figures.refusedBy() != null) {
            metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION).dimension(FerryMetrics.ERROR_CODE, figures.refusedBy())
                    .count(FerryMetrics.PAGES_REFUSED, 1)
                    .property("installation", installation).property("dataType", fields.get("dataType"))
                    .property("job", fields.get("job")).property("requestId", request).write();
        }
        if (result.jobFailed()) {
            metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION).count(FerryMetrics.JOBS_FAILED, 1)
                    .property("installation", installation).property("dataType", fields.get("dataType"))
                    .property("job", fields.get("job")).property("errorCode", figures.refusedBy())
                    .property("requestId", request).write();
        }
        if (figures.trackOutcome() != null) {
            metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION).dimension(FerryMetrics.OUTCOME, figures.trackOutcome())
                    .count(FerryMetrics.INSTALLATIONS_TRACKED, 1)
                    .property("installation", installation).property("requestId", request).write();
        }
    }

    private void retried(Map<String, String> fields, String request, String errorCode) {
        metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION).count(FerryMetrics.RECORDS_RETRIED, 1)
                .property("installation", fields.get("installation")).property("dataType", fields.get("dataType"))
                .property("job", fields.get("job")).property("step", fields.get("step")).property("errorCode", errorCode)
                .property("requestId", request).write();
    }
}
