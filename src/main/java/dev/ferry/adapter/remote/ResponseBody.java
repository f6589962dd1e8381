package dev.ferry.adapter.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A received response body, kept as the chunks it arrived in (no copy into one large array). */
final class ResponseBody {
    private final List<byte[]> chunks;
    private final long size;
    private final boolean truncated;

    ResponseBody(List<byte[]> chunks, long size, boolean truncated) {
        this.chunks = chunks;
        this.size = size;
        this.truncated = truncated;
    }

    long size() {
        return size;
    }

    /** Whether the body was cut at the kept length (error bodies only). */
    boolean truncated() {
        return truncated;
    }

    InputStream open() {
        return new InputStream() {
            private int chunk;
            private int offset;

            @Override
            public int read() {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                while (chunk < chunks.size() && offset >= chunks.get(chunk).length) {
                    chunk++;
                    offset = 0;
                }
                if (chunk >= chunks.size()) {
                    return -1;
                }
                byte[] current = chunks.get(chunk);
                int n = Math.min(len, current.length - offset);
                System.arraycopy(current, offset, b, off, n);
                offset += n;
                return n;
            }
        };
    }

    /** The first {@code maxChars} characters, decoded as UTF-8 with replacement of bad bytes. */
    String head(int maxChars) {
        int maxBytes = maxChars * 4;
        byte[] bytes = new byte[(int) Math.min(size, maxBytes)];
        int filled = 0;
        try (InputStream in = open()) {
            while (filled < bytes.length) {
                int n = in.read(bytes, filled, bytes.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            // reading from memory does not fail
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(maxChars);
        decoder.decode(ByteBuffer.wrap(bytes, 0, filled), out, true);
        out.flip();
        return out.toString();
    }

    static ResponseBody empty() {
        return new ResponseBody(new ArrayList<>(), 0, false);
    }
}
