// Small helpers of the settings, import and search pages.
import { nothing } from '../../lib.js';
import { ApiError } from '../../api.js';

/**
 * The aria-describedby of a field: its hints, and its error's id when the API named the field (so that no
 * reference points at nothing). Answers `nothing` (no attribute) when there is none.
 */
export function describedBy(error, field, errorId, ...hints) {
  const ids = hints.filter(Boolean);
  if (error instanceof ApiError && error.field(field)) {
    ids.push(errorId);
  }
  return ids.length ? ids.join(' ') : nothing;
}

/** "1 person", "3 people". */
export function plural(n, one, many) {
  return `${(n || 0).toLocaleString()} ${n === 1 ? one : many}`;
}

/** A file size in words: 1.2 MB. */
export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** A problem found here, before asking the API, in words for the user. */
export class Problem extends Error {}

/** An error in words: a Problem as it is, anything else as ui.js says it. */
export function say(error, errorText) {
  return error instanceof Problem ? error.message : errorText(error);
}
