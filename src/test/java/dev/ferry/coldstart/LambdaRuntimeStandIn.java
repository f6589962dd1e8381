package dev.ferry.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * What Lambda's managed Java runtime does with {@code function.zip}, reduced to its core, for the
 * cold-start harness ({@link ColdStart}): load the handler class named in the first argument
 * ({@code class::method}, the template's {@code Handler}), instantiate it (the init phase), then loop
 * over the runtime API at {@code AWS_LAMBDA_RUNTIME_API}: {@code GET …/invocation/next}, call
 * {@code handleRequest(in, out, context)}, {@code POST …/invocation/{id}/response} (or {@code /error}).
 *
 * <p>It runs in the measured JVM, whose classpath is the unpacked zip's root and {@code lib/*} plus
 * this class alone, so it uses nothing but the JDK and {@code aws-lambda-java-core}.
 */
public final class LambdaRuntimeStandIn {
    private static final String API = "/2018-06-01/runtime";

    private LambdaRuntimeStandIn() {
    }

    public static void main(String[] args) throws Exception {
        String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + API;
        RequestStreamHandler handler;
        try {
            String className = args[0].contains("::") ? args[0].substring(0, args[0].indexOf("::")) : args[0];
            handler = (RequestStreamHandler) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (Throwable e) {
            post(api + "/init/error", error(e));
            throw e;
        }
        while (true) {
            HttpURLConnection next = (HttpURLConnection) URI.create(api + "/invocation/next").toURL().openConnection();
            next.setReadTimeout(0);
            byte[] event;
            try (InputStream in = next.getInputStream()) {
                event = in.readAllBytes();
            }
            String requestId = next.getHeaderField("Lambda-Runtime-Aws-Request-Id");
            long deadline = Long.parseLong(next.getHeaderField("Lambda-Runtime-Deadline-Ms"));
            String arn = next.getHeaderField("Lambda-Runtime-Invoked-Function-Arn");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, new InvocationContext(requestId, deadline, arn));
                post(api + "/invocation/" + requestId + "/response", out.toByteArray());
            } catch (Throwable e) {
                post(api + "/invocation/" + requestId + "/error", error(e));
            }
        }
    }

    private static byte[] error(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return ("{\"errorType\":\"" + e.getClass().getName() + "\",\"errorMessage\":"
                + quote(String.valueOf(e.getMessage())) + ",\"stackTrace\":" + quote(trace.toString()) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void post(String url, byte[] body) throws IOException {
        HttpURLConnection post = (HttpURLConnection) URI.create(url).toURL().openConnection();
        post.setRequestMethod("POST");
        post.setDoOutput(true);
        post.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = post.getOutputStream()) {
            out.write(body);
        }
        post.getResponseCode();
        post.getInputStream().close();
    }

    /** The invocation's context, from the runtime API's headers. */
    private record InvocationContext(String requestId, long deadlineMillis, String arn) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + getFunctionName();
        }

        @Override
        public String getLogStreamName() {
            return "cold-start";
        }

        @Override
        public String getFunctionName() {
            return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "worker");
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return arn;
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
            return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.write(message, 0, message.length);
                }
            };
        }
    }
}
