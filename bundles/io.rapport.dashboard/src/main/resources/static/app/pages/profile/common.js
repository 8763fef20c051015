// Small pieces the profile pages share: plural names, lists typed as text, durations in words, unique ids.
import { html } from '../../lib.js';
import { fmtAgo, fmtDateTime } from '../../ui.js';

/** 'person' -> 'people', 'company' -> 'companies', 'conversation' -> 'conversations' (the API's collection). */
export function plural(model) {
  return model === 'company' ? 'companies' : model === 'conversation' ? 'conversations' : 'people';
}

/** "a@x.org, b@y.org" or one per line -> ['a@x.org', 'b@y.org']. */
export function splitList(text) {
  return String(text || '').split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);
}

/** Seconds in words: 125 -> "2 min 5 s", 7500 -> "2 h 5 min", 190000 -> "2 d 4 h". */
export function humanDuration(seconds) {
  if (seconds == null || Number.isNaN(Number(seconds))) return null;
  let s = Math.round(Number(seconds));
  if (s < 60) return `${s} s`;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return s > 0 && m < 10 ? `${m} min ${s} s` : `${m} min`;
}

let counter = 0;
/** An id unique in the page, for label/aria wiring between elements of one component. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A time as "5 minutes ago", the full date and time on hover, machine-readable for assistive tech. */
export function ago(iso) {
  return iso ? html`<time datetime=${iso} title=${fmtDateTime(iso)}>${fmtAgo(iso)}</time>` : '';
}

/** The name to show for a person or company that may have none. */
export function displayName(subject, model) {
  if (subject?.name) return subject.name;
  if (model === 'person' && subject?.emails?.length) return subject.emails[0];
  return model === 'company' ? 'Unnamed company' : 'Unnamed person';
}
