package io.rapport.imports.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of CSV (RFC 4180): fields separated by commas, optionally in double quotes (a quote inside
 * doubled), which may hold commas and line breaks. Lenient where the RFC is strict: a quote inside an
 * unquoted field is kept as a character. Blank lines are skipped.
 */
final class CsvReader {
    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int pos;
    private int end;
    private boolean eof;
    /** Lines read so far. */
    private long line;
    private long startLine;
    private boolean tooLong;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The line where the record last read starts (1 is the first). */
    long startLine() {
        return startLine;
    }

    /** Whether the record last read was longer than the limit (its fields were dropped). */
    boolean tooLong() {
        return tooLong;
    }

    /** The next non-blank record's fields, or null at the end of the text. */
    List<String> next() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0) {
                return null;
            }
            startLine = line + 1;
            tooLong = false;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean content = false;
            int chars = 0;
            while (true) {
                c = read();
                if (c < 0) {
                    line++;
                    break;
                }
                if (++chars > RowSource.MAX_ROW_CHARS && !tooLong) {
                    tooLong = true;
                    fields.clear();
                    field.setLength(0);
                }
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        if (peek() == '"') {
                            read();
                            append(field, '"');
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (ch == '\n' || ch == '\r' && peek() != '\n') {
                            line++;
                        }
                        append(field, ch);
                    }
                    continue;
                }
                if (ch == '"' && field.length() == 0) {
                    quoted = true;
                    content = true;
                } else if (ch == ',') {
                    content = true;
                    add(fields, field);
                } else if (ch == '\n') {
                    line++;
                    break;
                } else if (ch == '\r') {
                    if (peek() == '\n') {
                        read();
                    }
                    line++;
                    break;
                } else {
                    if (!Character.isWhitespace(ch) && ch != '\uFEFF') {
                        content = true;
                    }
                    if (!(ch == '\uFEFF' && line == 0 && chars == 1)) { // a byte order mark
                        append(field, ch);
                    }
                }
            }
            if (!content && !tooLong) {
                continue; // a blank line
            }
            add(fields, field);
            return fields;
        }
    }

    private void add(List<String> fields, StringBuilder field) {
        if (!tooLong) {
            fields.add(field.toString());
        }
        field.setLength(0);
    }

    private void append(StringBuilder field, char ch) {
        if (!tooLong) {
            field.append(ch);
        }
    }

    private int peek() throws IOException {
        if (pos == end && (eof || !fill())) {
            return -1;
        }
        return buffer[pos];
    }

    private int read() throws IOException {
        int c = peek();
        if (c >= 0) {
            pos++;
        }
        return c;
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

    void close() throws IOException {
        in.close();
    }
}
