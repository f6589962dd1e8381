package dev.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures everything logged while open, at every level, through the root handler of
 * java.util.logging (the JBoss LogManager in tests, where JBoss Logging and System.Logger end up), with
 * each record's message as formatted and the full stack trace of its throwable (causes and
 * suppressed included); and everything printed to System.out and System.err.
 */
public final class LogCapture implements AutoCloseable {
    private final List<String> records = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof org.jboss.logmanager.ExtLogRecord ext
                    ? ext.getFormattedMessage() : new SimpleFormatter().formatMessage(record);
            StringBuilder line = new StringBuilder().append(record.getLevel()).append(' ')
                    .append(record.getLoggerName()).append(": ").append(message);
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            records.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger root = Logger.getLogger("");
    private final Level previousLevel;
    private final PrintStream previousOut = System.out;
    private final PrintStream previousErr = System.err;

    private LogCapture() {
        previousLevel = root.getLevel();
        handler.setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(handler);
        System.setOut(new PrintStream(tee(previousOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(previousErr), true, StandardCharsets.UTF_8));
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Every record and everything printed so far, as one text. */
    public String all() {
        synchronized (printed) {
            return String.join("\n", records) + "\n" + printed.toString(StandardCharsets.UTF_8);
        }
    }

    /** Records captured so far (formatted message and stack trace each). */
    public List<String> records() {
        return List.copyOf(records);
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (printed) {
                    printed.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (printed) {
                    printed.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(previousLevel);
        System.setOut(previousOut);
        System.setErr(previousErr);
    }
}
