package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.HandleWorkMessage;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.FerryException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The SQS consumer. Each record is decoded and handed to the core; the answer lists the records to
 * deliver again (partial batch failure): retryable failures, and messages that cannot be read (so
 * they end in the dead-letter queue for a person to look at). Permanent job failures are recorded on
 * the job by the core and acknowledged.
 */
@ApplicationScoped
@Named("worker")
public class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(WorkerHandler.class);

    @Inject
    HandleWorkMessage core;

    @Inject
    WorkMessageCodec codec;

    @Inject
    InvocationBudget budget;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        var remaining = budget.remainingMillis(context);
        for (SQSEvent.SQSMessage record : records) {
            if (!handle(record, context, remaining)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
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
            return false;
        }
        String ids = LogIds.of(message) + " request=" + request + " message=" + record.getMessageId();
        try {
            HandleWorkMessage.Handled result = core.handle(message, request + "/" + record.getMessageId(), remaining);
            if (result.jobFailed()) {
                LOG.errorf("worker %s: %s; job FAILED, acknowledged", ids, result.summary());
            } else {
                LOG.infof("worker %s: %s", ids, result.summary());
            }
            return true;
        } catch (FerryException e) {
            if (e.retryable()) {
                LOG.warnf("worker %s: %s %s; will be retried", ids, e.code(), e.getMessage());
                return false;
            }
            LOG.errorf("worker %s: %s %s; acknowledged", ids, e.code(), e.getMessage());
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "worker %s: unexpected failure; will be retried", ids);
            return false;
        }
    }
}
