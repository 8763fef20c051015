// Small shared pieces of the pages: errors in words, dates, avatars, tags, toasts and confirmations.
import { html, nothing } from './lib.js';
import { ApiError } from './api.js';

/** What went wrong, in words, for an error that is not about one field. */
export function errorText(error) {
  if (error instanceof ApiError) {
    return error.detail;
  }
  return error?.message ? `Something went wrong: ${error.message}` : 'Something went wrong.';
}

/** The API's message for a field, shown under the field it is about (id for aria-describedby). */
export function fieldError(error, field, id) {
  const raw = error instanceof ApiError ? error.field(field) : null;
  // the API's messages follow the field's name ("is required"); under a labelled field it starts a sentence
  const message = raw ? raw.charAt(0).toUpperCase() + raw.slice(1) : null;
  return message ? html`<div class="field-error" id=${id || `err-${field}`} role="alert">${message}</div>` : nothing;
}

/** Whether the API refused this field (for aria-invalid). */
export function invalid(error, field) {
  return error instanceof ApiError && error.field(field) ? 'true' : 'false';
}

/** An error for the whole form: the detail, unless every problem is shown at its field already. */
export function formError(error, shownFields = []) {
  if (!error) {
    return nothing;
  }
  if (error instanceof ApiError && error.errors.length > 0 && error.errors.every((e) => shownFields.some((f) => e.field === f || e.field.startsWith(f + '.') || e.field.startsWith(f + '[')))) {
    return nothing;
  }
  return html`<div class="form-error" role="alert">${errorText(error)}</div>`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function fmtDateTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : '';
}

export function fmtDate(iso) {
  return iso ? dateOnly.format(new Date(iso)) : '';
}

/** "5 minutes ago", "yesterday", or the date for older. */
export function fmtAgo(iso) {
  if (!iso) {
    return '';
  }
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(Math.round(seconds), 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 7) return relative.format(Math.round(seconds / 86400), 'day');
  return fmtDate(iso);
}

export function initials(name) {
  const parts = (name || '?').trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] || '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

/** A person's or company's avatar: the picture when there is one, else initials. */
export function avatar(subject, large = false) {
  const cls = large ? 'avatar large' : 'avatar';
  if (subject?.avatar_url) {
    return html`<img class=${cls} src=${subject.avatar_url} alt="" referrerpolicy="no-referrer">`;
  }
  return html`<span class=${cls} aria-hidden="true">${initials(subject?.name)}</span>`;
}

export function tagChip(tag, onRemove) {
  return html`<span class="tag"><span class="dot" style=${`background:${tag.color || '#8a94a6'}`}></span>${tag.name}${onRemove
    ? html`<button type="button" aria-label=${`Remove tag ${tag.name}`} title="Remove" @click=${onRemove}>×</button>` : nothing}</span>`;
}

/** A location in words: "London, GB". */
export function place(location) {
  if (!location) return '';
  return [location.city, location.region, location.country].filter(Boolean).join(', ');
}

/** How a location was learnt, in words: "from IP 81.128.0.1 (io.rapport.location)", "entered manually"; '' when unknown. */
export function placeSource(location) {
  if (!location || !place(location)) return '';
  if (location.source === 'ip') return `from IP ${location.ip}${location.resolved_by ? ` (${location.resolved_by})` : ''}`;
  if (location.source === 'manual') return 'entered manually';
  return '';
}

/**
 * The endless lists' next page: calls {@code onEnd} when the host's '.sentinel' (rendered after the last
 * row while there is more) comes within {@code margin} of the viewport. check() after each render.
 */
export class EndWatcher {
  constructor(host, onEnd, margin) {
    this.host = host;
    this.onEnd = onEnd;
    this.margin = margin;
    this.watched = null;
  }

  check() {
    const sentinel = this.host.querySelector('.sentinel');
    if (sentinel === this.watched) return;
    this.stop();
    if (!sentinel) return;
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.onEnd();
    }, { rootMargin: this.margin });
    this.observer.observe(sentinel);
    this.watched = sentinel;
  }

  stop() {
    this.observer?.disconnect();
    this.observer = null;
    this.watched = null;
  }
}

let toastTimer;
export function toast(message, { error = false } = {}) {
  let el = document.querySelector('.toast');
  if (!el) {
    el = document.createElement('div');
    el.className = 'toast';
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
    document.body.append(el);
  }
  el.classList.toggle('error', error);
  el.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.remove(), 4000);
}

/** Asks, with a real dialog; answers whether the person confirmed. */
export function confirmDialog(message, { confirm = 'Delete', danger = true } = {}) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    dialog.innerHTML = `<div class="dialog-body"><h2 id="confirm-title"></h2><div class="actions">
      <button type="button" value="cancel">Cancel</button><button type="button" value="ok" class="${danger ? 'danger' : 'primary'}"></button></div></div>`;
    dialog.querySelector('h2').textContent = message;
    dialog.querySelector('button[value=ok]').textContent = confirm;
    dialog.addEventListener('click', (e) => {
      const button = e.target.closest('button');
      if (button) {
        dialog.close(button.value);
      }
    });
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('button[value=cancel]').focus();
  });
}

export function debounce(fn, millis) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), millis);
  };
}
