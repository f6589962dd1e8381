package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.FerryCore;
import dev.ferry.app.WorkerSettings;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** The worker function wired by hand (no CDI), exactly as Lambda calls it, with SQS events built in code. */
final class TestWorker {
    static final ObjectMapper JSON = new ObjectMapper();

    private TestWorker() {
    }

    /** The worker over the production core built from {@code ports}, with an invocation budget of a minute. */
    static WorkerHandler of(MigrationPlan plan, FerryCore.Ports ports, CheckerSettings checkerSettings) {
        WorkerHandler worker = new WorkerHandler();
        worker.core = FerryCore.assemble(plan, ports, new FerryCore.Settings(new WorkerSettings(1_000, 100, 1_000),
                checkerSettings, 10)).handler();
        worker.codec = new WorkMessageCodec(JSON);
        worker.metrics = dev.ferry.adapter.metrics.EmfWriter.off();
        worker.redelivery = dev.ferry.adapter.sqs.RedeliveryDelay.NONE;
        worker.budget = new InvocationBudget() {
            @Override
            public LongSupplier remainingMillis(Context context) {
                return () -> 60_000;
            }
        };
        return worker;
    }

    /** One SQS record per body, with message ids m0, m1, … */
    static SQSEvent event(List<String> bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("m" + i);
            record.setBody(bodies.get(i));
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    static SQSEvent event(WorkMessage... messages) {
        WorkMessageCodec codec = new WorkMessageCodec(JSON);
        List<String> bodies = new ArrayList<>();
        for (WorkMessage m : messages) {
            bodies.add(codec.encode(m));
        }
        return event(bodies);
    }

    static Context context() {
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return "request-1";
            }

            @Override
            public String getLogGroupName() {
                return null;
            }

            @Override
            public String getLogStreamName() {
                return null;
            }

            @Override
            public String getFunctionName() {
                return "worker";
            }

            @Override
            public String getFunctionVersion() {
                return null;
            }

            @Override
            public String getInvokedFunctionArn() {
                return null;
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return 60_000;
            }

            @Override
            public int getMemoryLimitInMB() {
                return 512;
            }

            @Override
            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
