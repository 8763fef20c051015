package io.rapport.imports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Streams an upload to a file, counting its rows on the way (no second pass over a large file). */
final class Uploads {
    private Uploads() {
    }

    /**
     * Copies {@code in} to {@code file} and answers the rows it has: non-blank lines for NDJSON, non-blank
     * records (a line break inside double quotes continues the record) less the header for CSV.
     */
    static long save(InputStream in, Path file, boolean csv) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long records = 0;
        boolean content = false;
        boolean quoted = false;
        long bytes = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
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
        if (content) {
            records++;
        }
        return csv ? Math.max(0, records - 1) : records;
    }

    private static boolean isByteOrderMark(byte b, long position) {
        int u = b & 0xff;
        return position == 1 ? u == 0xEF : position == 2 ? u == 0xBB : u == 0xBF;
    }
}
