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
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.flow.Endpoint;
import dev.ferry.domain.flow.Flow;
import dev.ferry.domain.flow.Movement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The exporter function: one movement's export of a flow's source (through the remote contract, or
 * from its installation database) into the flow's export stream, a snapshot the first time and
 * diffs after; each completed File Group Label is sent to the file-group queue for the importer.
 * Returns the recorded movement. The whole export runs within one invocation (up to 15 minutes).
 */
@ApplicationScoped
@Named("exporter")
public class ExporterHandler implements RequestHandler<ExportRequest, Movement> {
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
    public Movement handleRequest(ExportRequest request, Context context) {
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
        int number = flows.movements(flow.flowId()).size() + 1;
        String movementId = flow.flowId() + "-m" + number;
        var started = clock.instant();
        Exporter.Result result = flows.export(flow.flowId(), movementId, source,
                new SqsFileGroupNotifier(sqs, queueUrl, format));
        Movement movement = flows.recordExport(flow.flowId(), movementId, number, started, result);
        LOG.infof("exporter flow=%s movement=%s request=%s: sequence %d, %d files, %d records (%d upserts, %d deletes)",
                flow.flowId(), movementId, context.getAwsRequestId(), result.sequence(), result.files().size(),
                result.records(), result.upserts(), result.deletes());
        return movement;
    }
}
