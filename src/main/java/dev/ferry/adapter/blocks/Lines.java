package dev.ferry.adapter.blocks;

import dev.ferry.domain.eventfile.MalformedEventFileException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a JSONL stream line by line with bounded memory: a line longer than
 * {@link JsonlBlocksFormat#MAX_LINE_BYTES}, bytes that are not UTF-8, or an empty line are refused
 * with the line's number. A missing newline after the last line is accepted.
 */
final class Lines implements AutoCloseable {
    private final InputStream in;
    private final String file;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long number;

    Lines(InputStream in, String file) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.file = file;
    }

    /** The next line, or null at the end. */
    String next() throws IOException {
        line.reset();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        number++;
        while (b >= 0 && b != '\n') {
            if (line.size() >= JsonlBlocksFormat.MAX_LINE_BYTES) {
                throw new MalformedEventFileException(file, number, "line longer than "
                        + JsonlBlocksFormat.MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
            b = in.read();
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (length == 0) {
            throw new MalformedEventFileException(file, number, "empty line");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEventFileException(file, number, "not UTF-8 text");
        }
    }

    /** The 1-based number of the line last returned. */
    long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
