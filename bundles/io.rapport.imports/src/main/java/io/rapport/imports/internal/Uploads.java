package io.rapport.imports.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Streams an upload to a file, counting its rows on the way (no second pass over a large file). */
final class Uploads {
    private Uploads() {
    }

    /** The server could not write the upload (a full disk, a folder it may not write): no fault of the client's. */
    static final class StoreFailure extends IOException {
        private static final long serialVersionUID = 1L;

        StoreFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The upload is not UTF-8: the client's fault, named with its line. */
    static final class NotUtf8 extends IOException {
        private static final long serialVersionUID = 1L;

        NotUtf8(long line) {
            super("the file is not valid UTF-8 (line " + line + "): save it as UTF-8, without overlong forms or encoded surrogates");
        }
    }

    /**
     * Copies {@code in} to {@code file} and answers the rows it has: non-blank lines for NDJSON, non-blank
     * records (a line break inside double quotes continues the record) less the header for CSV. The bytes
     * must be UTF-8, checked on the way: a file that is not is refused whole, before any row is imported.
     *
     * @throws StoreFailure when the file cannot be written; {@link NotUtf8} when it is not UTF-8; any other
     *             IOException is the upload's (cut off)
     */
    static long save(InputStream in, Path file, boolean csv) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer undecoded = ByteBuffer.allocate(buffer.length + 8);
        CharBuffer decoded = CharBuffer.allocate(buffer.length + 8);
        long lines = 1;
        long records = 0;
        boolean content = false;
        boolean quoted = false;
        long bytes = 0;
        OutputStream out;
        try {
            out = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new StoreFailure(e);
        }
        try (out) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                undecoded.put(buffer, 0, n).flip();
                int carried = undecoded.remaining() - n; // bytes of a character cut at the previous read's end
                if (utf8.decode(undecoded, decoded, false).isError()) {
                    throw new NotUtf8(lines + newlines(buffer, Math.max(0, undecoded.position() - carried)));
                }
                decoded.clear();
                undecoded.compact();
                lines += newlines(buffer, n);
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new StoreFailure(e);
                }
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    bytes++;
                    if (csv && b == '"') {
                        quoted = !quoted; // a doubled quote toggles twice
                        content = true;
                    } else if ((b == '\n' || b == '\r') && !quoted) {
                        if (content) {
                            records++;
                        }
                        content = false;
                    } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && !(bytes <= 3 && isByteOrderMark(b, bytes))) {
                        content = true;
                    }
                }
            }
        }
        undecoded.flip();
        if (utf8.decode(undecoded, decoded, true).isError() || utf8.flush(decoded).isError() || undecoded.hasRemaining()) {
            throw new NotUtf8(lines);
        }
        if (content) {
            records++;
        }
        return csv ? Math.max(0, records - 1) : records;
    }

    private static long newlines(byte[] bytes, int end) {
        long n = 0;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean isByteOrderMark(byte b, long position) {
        int u = b & 0xff;
        return position == 1 ? u == 0xEF : position == 2 ? u == 0xBB : u == 0xBF;
    }
}
