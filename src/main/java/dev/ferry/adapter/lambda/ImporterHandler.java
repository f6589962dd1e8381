package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.adapter.config.BlocksConfig;
import dev.ferry.app.blocks.Flows;
import dev.ferry.app.blocks.Importer;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.domain.flow.FileGroupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The importer function: consumes File Group notifications and imports each group's File List into
 * the flow's destination, skipping files already imported (or restarting, per
 * {@code ferry.blocks.import-mode}). Any record that fails — unreadable, or its import failed — is
 * reported back (partial batch failure), so it is retried and, after the queue's receive limit,
 * parked in the dead-letter queue; a retried import replays its group, which upserts, deletes and
 * the per-file ledger absorb.
 */
@ApplicationScoped
@Named("importer")
public class ImporterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(ImporterHandler.class);

    @Inject
    Flows flows;
    @Inject
    BlocksFormat format;
    @Inject
    BlocksConfig config;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            String ids = "request=" + context.getAwsRequestId() + " message=" + record.getMessageId();
            try {
                FileGroupEvent group = format.decode(record.getBody() == null ? new byte[0]
                        : record.getBody().getBytes(StandardCharsets.UTF_8), FileGroupEvent.class, "file group message");
                Importer.Result result = flows.importGroup(group, config.importMode());
                LOG.infof("importer flow=%s movement=%s label=%s %s: %d files imported (%d upserts, %d deletes), "
                                + "%d skipped, %d of unknown tables ignored", group.flowId(), group.movementId(),
                        group.label(), ids, result.imported().size(), result.upserts(), result.deletes(),
                        result.skipped().size(), result.ignored().size());
            } catch (RuntimeException e) {
                LOG.errorf("importer %s: %s; will be retried", ids, e.getMessage());
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
