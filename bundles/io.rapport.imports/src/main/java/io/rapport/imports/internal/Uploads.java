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
    /** The server could not write the upload (a full disk, a folder it may not write): no fault of the client's. */
    static final class StoreFailure extends IOException {
        private static final long serialVersionUID = 1L;

        StoreFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * @throws StoreFailure when the file cannot be written; any other IOException is the upload's (cut off)
     */
    static long save(InputStream in, Path file, boolean csv) throws IOException {
        byte[] buffer = new byte[64 * 1024];
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
