package io.rapport.imports.internal;

import java.io.IOException;
import java.io.Reader;

/** Lines of text (LF, CRLF or CR), each at most {@link RowSource#MAX_ROW_CHARS} characters; longer ones come back as null content. */
final class LineReader {
    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int pos;
    private int end;
    private long line;
    private boolean eof;
    private boolean tooLong;

    LineReader(Reader in) {
        this.in = in;
    }

    /** The number of the line last read (1 is the first). */
    long line() {
        return line;
    }

    /** Whether the line last read was longer than the limit (its text was dropped). */
    boolean tooLong() {
        return tooLong;
    }

    /** The next line without its end, or null at the end of the text. */
    String next() throws IOException {
        StringBuilder sb = new StringBuilder();
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end) {
                if (eof || !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            char c = buffer[pos++];
            any = true;
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                if (pos == end && !eof) {
                    fill();
                }
                if (pos < end && buffer[pos] == '\n') {
                    pos++;
                }
                break;
            }
            if (!tooLong) {
                if (sb.length() >= RowSource.MAX_ROW_CHARS) {
                    tooLong = true;
                    sb.setLength(0);
                } else {
                    sb.append(c);
                }
            }
        }
        line++;
        if (line == 1 && sb.length() > 0 && sb.charAt(0) == '\uFEFF') {
            sb.deleteCharAt(0); // a byte order mark
        }
        return sb.toString();
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            pos = end = 0;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }
}
