package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ferry.adapter.blocks.SqsFileGroupNotifier;
import dev.ferry.adapter.config.BlocksConfig;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.blocks.Exporter;
import dev.ferry.app.blocks.Flows;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.budget.Budget;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.flow.Endpoint;
import dev.ferry.domain.flow.Flow;
import dev.ferry.domain.flow.Movement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The exporter function: one movement's export of a flow's source (through the remote contract, or
 * from its installation database) into the flow's export stream, a snapshot the first time and
 * diffs after; each completed File Group Label is sent to the file-group queue for the importer.
 *
 * <p>With an export queue ({@code ferry.blocks.export-queue-url}) an export that would outlast the
 * invocation stops {@code ferry.blocks.export-safety-margin} before its end, keeps its checkpoint in the
 * stream and sends {@code {"flowId": …, "continues": movementId}} to that queue; the function, consuming it, continues the export
 * where it stopped, as many times as it takes, and records the movement when the export is complete.
 * Without one, the whole export runs within one invocation (up to 15 minutes). A failed continuation is
 * thrown, so SQS delivers it again (after its receive limit, to the export dead-letter queue).
 */
@ApplicationScoped
@Named("exporter")
public class ExporterHandler implements RequestHandler<ExportRequest, ExportResponse> {
    private static final Logger LOG = Logger.getLogger(ExporterHandler.class);

    @Inject
    Flows flows;
    @Inject
    BlocksFormat format;
    @Inject
    BlocksConfig config;
    @Inject
    SqsClient sqs;
    @Inject
    RemoteEndpoints remote;
    @Inject
    JdbcDestinationReader databases;
    @Inject
    Clock clock;

    @Override
    public ExportResponse handleRequest(ExportRequest request, Context context) {
        if (request != null && request.fromQueue()) {
            ExportResponse last = null;
            for (ExportRequest.QueuedRecord record : request.records()) {
                ExportRequest continued = format.decode(record.body() == null ? new byte[0]
                        : record.body().getBytes(StandardCharsets.UTF_8), ExportRequest.class, "export message");
                last = export(continued, context, record.messageId());
            }
            return last;
        }
        return export(request, context, null);
    }

    private ExportResponse export(ExportRequest request, Context context, String messageId) {
        if (request == null || request.flowId() == null) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "an export request names a flowId");
        }
        String queueUrl = config.fileGroupQueueUrl().orElseThrow(() -> new FerryException(ErrorCode.INVALID_PLAN,
                "ferry.blocks.file-group-queue-url is not configured"));
        Flow flow = request.source() == null ? flows.flow(request.flowId())
                : flows.define(new Flow(request.flowId(), request.streamId(), request.source(), request.destination(),
                clock.instant()));
        RowReader source = flow.source().kind() == Endpoint.Kind.REMOTE
                ? new RemoteRowReader(remote.pages().withDeadline(context::getRemainingTimeInMillis)) : databases;
        int number = flows.nextMovement(flow.flowId());
        String movementId = flow.flowId() + "-m" + number;
        if (request.continues() != null && !request.continues().equals(movementId)) {
            LOG.infof("exporter flow=%s request=%s: movement %s is no longer under way (next is %s); nothing to continue",
                    flow.flowId(), context.getAwsRequestId(), request.continues(), movementId);
            return new ExportResponse(flow.flowId(), request.continues(), true, null);
        }
        Budget budget = config.exportQueueUrl().isEmpty() ? null
                : new Budget(context::getRemainingTimeInMillis, config.exportSafetyMargin().toMillis(), 0);
        Exporter.Result result = flows.export(flow.flowId(), movementId, source,
                new SqsFileGroupNotifier(sqs, queueUrl, format), budget);
        String ids = "flow=" + flow.flowId() + " movement=" + movementId + " request=" + context.getAwsRequestId()
                + (messageId == null ? "" : " message=" + messageId);
        if (!result.complete()) {
            String continuation = new String(format.encode(ExportRequest.continuing(flow.flowId(), movementId)),
                    StandardCharsets.UTF_8);
            sqs.sendMessage(b -> b.queueUrl(config.exportQueueUrl().orElseThrow()).messageBody(continuation));
            LOG.infof("exporter %s: sequence %d, %d files committed so far; continues from its checkpoint", ids,
                    result.sequence(), result.files().size());
            return new ExportResponse(flow.flowId(), movementId, false, null);
        }
        Movement movement = flows.recordExport(flow.flowId(), movementId, number, result);
        LOG.infof("exporter %s: sequence %d, %d files, %d records (%d upserts, %d deletes)", ids, result.sequence(),
                result.files().size(), result.records(), result.upserts(), result.deletes());
        return new ExportResponse(flow.flowId(), movementId, true, movement);
    }
}
