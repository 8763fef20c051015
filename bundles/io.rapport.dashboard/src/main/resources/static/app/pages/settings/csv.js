// CSV in the browser, read as the import reads it (RFC 4180, leniently: fields in double quotes may hold
// commas, doubled quotes and line breaks; a quote inside an unquoted field is a character; blank lines are
// skipped; a byte order mark is dropped). Used to show the header row before an import, and to write the
// file again with the columns chosen: renamed, merged or dropped. Line numbers are kept, so that the
// import's "line 250" is line 250 of the file the user chose.
import { Problem } from './forms.js';

/**
 * A push parser: feed it text, it calls onRecord(fields, lines) for each record (fields null for a blank
 * line), lines being how many lines of the file the record took (more than 1 when a quoted field holds
 * line breaks).
 */
export class CsvParser {
  constructor(onRecord) {
    this.onRecord = onRecord;
    this.fields = [];
    this.field = '';
    this.quoted = false; // inside a quoted field
    this.afterQuote = false; // a quote was just seen inside a quoted field (the end, or the first of two)
    this.content = false;
    this.lines = 1;
    this.pendingCR = false; // a record ended with \r at the end of a chunk: a \n starting the next one is its
    this.prevCR = false; // the last character inside quotes was \r
    this.started = false;
  }

  feed(text) {
    let { field, quoted, afterQuote, content, lines, pendingCR, prevCR } = this;
    const fields = this.fields;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let ch = text[i];
      if (!this.started) {
        this.started = true;
        if (ch === '\uFEFF') continue;
      }
      if (pendingCR) {
        pendingCR = false;
        if (ch === '\n') continue; // the \n of a \r\n that ended a record
      }
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          if (ch === '"') {
            field += '"';
            continue;
          }
          quoted = false; // the closing quote; this character is read outside the quotes
        } else if (ch === '"') {
          afterQuote = true;
          prevCR = false;
          continue;
        } else {
          if (ch === '\r' || (ch === '\n' && !prevCR)) lines++;
          prevCR = ch === '\r';
          field += ch;
          continue;
        }
      }
      if (ch === '"' && field.length === 0) {
        quoted = true;
        prevCR = false;
        content = true;
      } else if (ch === ',') {
        content = true;
        fields.push(field);
        field = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') {
          if (i + 1 < n) {
            if (text[i + 1] === '\n') i++;
          } else {
            pendingCR = true;
          }
        }
        if (content) {
          fields.push(field);
          this.onRecord(fields.splice(0), lines);
        } else {
          fields.length = 0;
          this.onRecord(null, 1);
        }
        field = '';
        content = false;
        lines = 1;
      } else {
        if (!content && !/\s/.test(ch)) content = true;
        field += ch;
      }
    }
    Object.assign(this, { field, quoted, afterQuote, content, lines, pendingCR, prevCR });
  }

  /** The end of the text: the last record, when it did not end with a line break. */
  end() {
    if (this.content) {
      this.fields.push(this.field);
      this.onRecord(this.fields.splice(0), this.lines);
    }
    this.field = '';
    this.content = false;
  }
}

/** A field as CSV: quoted when it needs to be. */
export function csvField(value) {
  const s = value ?? '';
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function lineBreaks(s) {
  const m = s.match(/\r\n|\r|\n/g);
  return m ? m.length : 0;
}

/**
 * The header row of a file and a few rows after it: {header, samples, headerEnd (bytes up to the end of the
 * header record, its line break included), headerLines (lines of the file up to there)}. Throws an Error
 * in words when the file is not UTF-8 or has no header.
 */
export async function readHead(file, sampleRows = 3) {
  let size = 64 * 1024;
  for (;;) {
    const bytes = new Uint8Array(await file.slice(0, size).arrayBuffer());
    let text;
    try {
      // ignoreBOM: keep it, so that character offsets count the bytes of the file
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: size < file.size });
    } catch {
      throw new Problem('The file is not UTF-8 text. Save it as “CSV UTF-8” and choose it again.');
    }
    let header = null;
    let headerEnd = -1;
    let headerLines = 0;
    let linesSoFar = 0;
    const samples = [];
    let offset = 0; // characters of text consumed by the records seen so far
    const parser = new CsvParser((fields, lines) => {
      linesSoFar += lines;
      if (fields && !header) {
        header = fields;
        headerLines = linesSoFar;
      } else if (fields && samples.length < sampleRows) {
        samples.push(fields);
      }
    });
    // feed line by line to know where the header ends
    const re = /\r\n|\r|\n/g;
    let m;
    let last = 0;
    while ((m = re.exec(text)) && (!header || samples.length < sampleRows)) {
      const hadHeader = !!header;
      parser.feed(text.slice(last, m.index + m[0].length));
      last = m.index + m[0].length;
      if (!hadHeader && header) {
        offset = last;
        headerEnd = new TextEncoder().encode(text.slice(0, offset)).length;
      }
    }
    const whole = size >= file.size;
    if (!header && whole) {
      parser.feed(text.slice(last));
      parser.end();
      if (header) {
        headerEnd = file.size;
      }
    }
    if (header) {
      return { header: header.map((h) => h.trim()), samples, headerEnd, headerLines };
    }
    if (whole) {
      throw new Problem('The file is empty: a CSV file needs a header row that names its columns.');
    }
    if (size >= 16 * 1024 * 1024) {
      throw new Problem('The header row of this file is longer than 16 MB: is it really CSV?');
    }
    size *= 4;
  }
}

/**
 * The file written again for the import: plan.columns is, for each column of the new header, {name,
 * sources: [indexes of columns of the file], join: ' ' or ';'}. When every column of the file is kept in
 * its place, only the header row is written again and the rest of the file is sent as it is. Otherwise
 * every row is rewritten, streaming; onProgress(share 0..1) is called on the way. Answers a Blob.
 */
export async function rewrite(file, head, plan, onProgress = () => {}) {
  const names = plan.columns.map((c) => c.name);
  const headerRow = names.map(csvField).join(',') + '\n' + '\n'.repeat(Math.max(0, head.headerLines - 1));
  const identity = plan.columns.length === head.header.length && plan.columns.every((c, i) => c.sources.length === 1 && c.sources[0] === i);
  if (identity) {
    return new Blob([headerRow, file.slice(head.headerEnd)], { type: 'text/csv' });
  }
  const width = head.header.length;
  const blobs = [];
  let parts = [];
  let pending = 0;
  let first = true;
  const push = (s) => {
    parts.push(s);
    pending += s.length;
    if (pending > 1 << 20) {
      blobs.push(new Blob(parts));
      parts = [];
      pending = 0;
    }
  };
  const parser = new CsvParser((fields, lines) => {
    if (!fields) {
      push('\n');
      return;
    }
    if (first) { // the header row
      first = false;
      push(names.map(csvField).join(',') + '\n' + '\n'.repeat(Math.max(0, lines - 1)));
      return;
    }
    const cells = plan.columns.map((c) => {
      if (c.sources.length === 1) return fields[c.sources[0]] ?? '';
      return c.sources.map((i) => (fields[i] ?? '').trim()).filter(Boolean).join(c.join);
    });
    // a row longer than the header stays too long, so that the import reports it
    for (let i = width; i < fields.length; i++) cells.push(fields[i]);
    const row = cells.map(csvField).join(',');
    push(row + '\n' + '\n'.repeat(Math.max(0, lines - 1 - lineBreaks(row))));
  });
  const reader = file.stream().pipeThrough(new TextDecoderStream('utf-8', { fatal: true })).getReader();
  let done = 0;
  try {
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      parser.feed(value);
      done += value.length;
      onProgress(Math.min(1, done / Math.max(1, file.size)));
    }
  } catch (e) {
    throw new Problem(e instanceof TypeError ? 'The file is not UTF-8 text. Save it as “CSV UTF-8” and choose it again.' : `The file could not be read: ${e.message}`);
  }
  parser.end();
  blobs.push(new Blob(parts));
  return new Blob(blobs, { type: 'text/csv' });
}
