package io.rapport.imports.internal;

import java.io.Closeable;
import java.io.IOException;

/** The rows of an import file, in order. */
interface RowSource extends Closeable {
    /** Rows longer than this (in characters) are reported as failed, not read. */
    int MAX_ROW_CHARS = 1024 * 1024;

    /** The next row, or null at the end of the file. */
    ImportRow next() throws IOException;
}
