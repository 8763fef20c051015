// The Details card of a profile: its own fields, and an inline form that edits them. The form saves a merge
// patch of what the user changed, with If-Match set to the version the form started from; when someone else
// changed the profile meanwhile (412), nothing is overwritten: both versions are shown side by side, and the
// user keeps theirs or saves theirs anyway over the new version.
import { RpElement, define, html, nothing } from '../../lib.js';
import { ApiError, request, seg } from '../../api.js';
import { href } from '../../router.js';
import { fieldError, fmtDateTime, formError, invalid, place, placeSource, toast } from '../../ui.js';
import { plural, splitList, uid } from './common.js';

/** The editable fields of each model: key (the API's name, dotted for nested), label, kind. */
export const FIELDS = {
  person: [
    { key: 'name', label: 'Name', kind: 'text', max: 255, autocomplete: 'off' },
    { key: 'emails', label: 'Emails', kind: 'list', hint: 'One per line, or separated by commas. The first is the primary email.' },
    { key: 'phones', label: 'Phones', kind: 'list', hint: 'One per line, or separated by commas.' },
    { key: 'avatar_url', label: 'Avatar URL', kind: 'url', max: 2048 },
    { key: 'external_id', label: 'External id', kind: 'text', max: 255, hint: 'The person’s id in your own systems.' },
    { key: 'location.city', label: 'City', kind: 'text', max: 100 },
    { key: 'location.region', label: 'Region', kind: 'text', max: 100 },
    { key: 'location.country', label: 'Country', kind: 'text', max: 100 },
  ],
  company: [
    { key: 'name', label: 'Name', kind: 'text', max: 255, required: true },
    { key: 'domain', label: 'Domain', kind: 'text', max: 253, hint: 'The host name alone, e.g. acme.com.' },
    { key: 'website', label: 'Website', kind: 'url', max: 2048 },
    { key: 'industry', label: 'Industry', kind: 'text', max: 100 },
    { key: 'size', label: 'Size (employees)', kind: 'number' },
    { key: 'external_id', label: 'External id', kind: 'text', max: 255, hint: 'The company’s id in your own systems.' },
  ],
};

function get(record, key) {
  return key.split('.').reduce((v, k) => (v == null ? undefined : v[k]), record);
}

/** A field's value in a comparable form: null for "no value", lists as arrays, numbers as numbers. */
function norm(field, value) {
  if (field.kind === 'list') return Array.isArray(value) ? value : [];
  if (value == null) return null;
  if (field.kind === 'number') return value === '' ? null : Number(value);
  const s = String(value).trim();
  return s === '' ? null : s;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** How a value reads in the comparison. */
function shown(field, value) {
  const v = norm(field, value);
  if (v == null || (Array.isArray(v) && v.length === 0)) return html`<span class="muted">(empty)</span>`;
  return Array.isArray(v) ? v.map((x) => html`<div>${x}</div>`) : String(v);
}

/** Sets a dotted key in a merge patch: 'location.city' -> {location: {city: v}}. */
function put(patch, key, value) {
  const parts = key.split('.');
  let target = patch;
  parts.slice(0, -1).forEach((p) => {
    target[p] = target[p] || {};
    target = target[p];
  });
  target[parts[parts.length - 1]] = value;
}

class RpProfileDetails extends RpElement {
  static properties = {
    model: {},
    subject: { attribute: false }, // the record as last read
    etag: {},
    editing: { state: true },
    base: { state: true }, // {record, etag} the form started from
    draft: { state: true }, // key -> the value typed (text; lists as text)
    error: { state: true },
    busy: { state: true },
    conflict: { state: true }, // {record, etag} now stored, while the user chooses
  };

  constructor() {
    super();
    this.uid = uid('details');
    this.editing = false;
  }

  get fields() {
    return FIELDS[this.model];
  }

  get path() {
    return `/${plural(this.model)}/${seg(this.subject.id)}`;
  }

  startEdit() {
    this.base = { record: this.subject, etag: this.etag };
    this.draft = Object.fromEntries(this.fields.map((f) => {
      const v = get(this.subject, f.key);
      return [f.key, f.kind === 'list' ? (v || []).join('\n') : v == null ? '' : String(v)];
    }));
    this.error = null;
    this.conflict = null;
    this.editing = true;
    this.updateComplete.then(() => this.querySelector('form input, form textarea')?.focus());
  }

  cancel() {
    this.editing = false;
    this.conflict = null;
    this.error = null;
    this.updateComplete.then(() => this.querySelector('.edit-button')?.focus());
  }

  /** The value of the form for a field, as the API takes it. */
  mine(field) {
    const raw = this.draft[field.key];
    if (field.kind === 'list') return splitList(raw);
    if (field.kind === 'number') return raw.trim() === '' ? null : Number(raw.trim());
    return raw.trim() === '' ? null : raw.trim();
  }

  /** The fields the user changed, from the version the form started from. */
  changed() {
    return this.fields.filter((f) => !same(norm(f, this.mine(f)), norm(f, get(this.base.record, f.key))));
  }

  patchOf(fields) {
    const patch = {};
    fields.forEach((f) => put(patch, f.key, this.mine(f)));
    return patch;
  }

  async save(e) {
    e?.preventDefault();
    const fields = this.changed();
    const local = [
      ...this.fields.filter((f) => f.required && this.mine(f) == null).map((f) => ({ field: f.key, message: `${f.label} is required.` })),
      ...fields.filter((f) => f.kind === 'number' && Number.isNaN(this.mine(f))).map((f) => ({ field: f.key, message: 'Enter a whole number.' })),
    ];
    if (local.length) {
      this.error = new ApiError(400, { detail: local.map((e) => e.message).join(' '), errors: local });
      this.updateComplete.then(() => this.querySelector('form [aria-invalid="true"]')?.focus());
      return;
    }
    if (fields.length === 0) {
      this.cancel();
      return;
    }
    await this.send(fields, this.base.etag);
  }

  async send(fields, etag) {
    this.busy = true;
    this.error = null;
    try {
      const answer = await request('PATCH', this.path, this.patchOf(fields), { ifMatch: etag });
      this.editing = false;
      this.conflict = null;
      this.dispatchEvent(new CustomEvent('rp-saved', { detail: { record: answer.body, etag: answer.etag }, bubbles: true }));
      toast('Saved.');
      this.updateComplete.then(() => this.querySelector('.edit-button')?.focus());
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        await this.showConflict();
      } else {
        this.error = err;
        this.updateComplete.then(() => this.querySelector('form [aria-invalid="true"], form .form-error')?.focus?.());
        if (this.conflict) {
          // the new version refused the user's values (e.g. an email taken meanwhile): back to the form
          this.base = this.conflict;
          this.conflict = null;
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** Someone else saved first: read what is stored now and let the user choose. */
  async showConflict() {
    try {
      const now = await request('GET', this.path);
      this.conflict = { record: now.body, etag: now.etag };
      this.dispatchEvent(new CustomEvent('rp-saved', { detail: { record: now.body, etag: now.etag, quiet: true }, bubbles: true }));
      this.updateComplete.then(() => this.querySelector('.conflict h3')?.focus());
    } catch (err) {
      this.error = err;
    }
  }

  keepTheirs() {
    this.conflict = null;
    this.editing = false;
    this.dispatchEvent(new CustomEvent('rp-reload', { bubbles: true }));
    toast('Your changes were discarded; showing what is saved now.');
    this.updateComplete.then(() => this.querySelector('.edit-button')?.focus());
  }

  async saveMineAnyway() {
    const fields = this.changed();
    const { etag } = this.conflict;
    if (fields.length === 0) {
      this.keepTheirs();
      return;
    }
    // the form now stands on the new version: a later 412 compares with that one
    this.base = { ...this.base, etag };
    await this.send(fields, etag);
  }

  render() {
    const title = `${this.uid}-title`;
    return html`<section class="card details" aria-labelledby=${title}>
      <header><h2 id=${title}>Details</h2>
        ${this.editing ? nothing : html`<button type="button" class="edit-button" @click=${this.startEdit}
          aria-label=${`Edit details of ${this.subject?.name || 'this ' + this.model}`}>Edit</button>`}</header>
      ${!this.subject ? nothing : this.conflict ? this.conflictView() : this.editing ? this.form() : this.view()}
    </section>`;
  }

  view() {
    const s = this.subject;
    if (this.model === 'company') {
      return html`<dl class="props">
        <dt>Domain</dt><dd>${s.domain || html`<span class="muted">—</span>`}</dd>
        <dt>Website</dt><dd>${s.website ? html`<a href=${s.website} target="_blank" rel="noopener noreferrer">${s.website.replace(/^https?:\/\//, '')}</a>` : html`<span class="muted">—</span>`}</dd>
        <dt>Industry</dt><dd>${s.industry || html`<span class="muted">—</span>`}</dd>
        <dt>Size</dt><dd>${s.size != null ? `${s.size.toLocaleString()} ${s.size === 1 ? 'employee' : 'employees'}` : html`<span class="muted">—</span>`}</dd>
        <dt>External id</dt><dd>${s.external_id || html`<span class="muted">—</span>`}</dd>
        <dt>Created</dt><dd>${fmtDateTime(s.created_at)}</dd>
        <dt>Updated</dt><dd>${fmtDateTime(s.updated_at)}</dd>
      </dl>`;
    }
    const where = place(s.location);
    return html`<dl class="props">
      <dt>Emails</dt><dd>${s.emails?.length ? html`<ul class="plain">${s.emails.map((m, i) => html`<li><a href=${`mailto:${m}`}>${m}</a>${i === 0 && s.emails.length > 1 ? html` <span class="badge">primary</span>` : nothing}</li>`)}</ul>` : html`<span class="muted">—</span>`}</dd>
      <dt>Phones</dt><dd>${s.phones?.length ? html`<ul class="plain">${s.phones.map((p) => html`<li><a href=${`tel:${p.replace(/[^+\d]/g, '')}`}>${p}</a></li>`)}</ul>` : html`<span class="muted">—</span>`}</dd>
      <dt>Location</dt><dd>${where || html`<span class="muted">—</span>`}${placeSource(s.location) ? html`<br><span class="muted place-source">${placeSource(s.location)}</span>` : nothing}</dd>
      <dt>External id</dt><dd>${s.external_id || html`<span class="muted">—</span>`}</dd>
      <dt>Created</dt><dd>${fmtDateTime(s.created_at)}</dd>
      <dt>Updated</dt><dd>${fmtDateTime(s.updated_at)}</dd>
    </dl>`;
  }

  form() {
    const keys = this.fields.map((f) => f.key);
    const stale = this.etag && this.base?.etag && this.etag !== this.base.etag;
    return html`<form class="details-form" @submit=${this.save} novalidate aria-label=${`Edit ${this.model}`}>
      ${stale ? html`<p class="notice" role="status">Someone else changed this ${this.model} while you were editing. Saving will show you both versions first.</p>` : nothing}
      ${formError(this.error, keys)}
      ${this.fields.filter((f) => !f.key.startsWith('location.')).map((f) => this.input(f))}
      ${this.model === 'person' ? html`<fieldset class="location"><legend>Location</legend>
        ${this.fields.filter((f) => f.key.startsWith('location.')).map((f) => this.input(f))}</fieldset>` : nothing}
      <div class="row">
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Save'}</button>
        <button type="button" @click=${this.cancel} ?disabled=${this.busy}>Cancel</button>
      </div>
    </form>`;
  }

  input(f) {
    const id = `${this.uid}-${f.key.replace('.', '-')}`;
    const errId = `${id}-err`;
    const hintId = `${id}-hint`;
    const described = [f.hint ? hintId : null, this.error instanceof ApiError && this.error.field(f.key) ? errId : null].filter(Boolean).join(' ') || nothing;
    const onInput = (e) => { this.draft = { ...this.draft, [f.key]: e.target.value }; };
    const control = f.kind === 'list'
      ? html`<textarea id=${id} rows="2" .value=${this.draft[f.key]} @input=${onInput}
          aria-invalid=${invalid(this.error, f.key)} aria-describedby=${described}></textarea>`
      : html`<input id=${id} type=${f.kind === 'url' ? 'url' : f.kind === 'number' ? 'number' : 'text'}
          inputmode=${f.kind === 'number' ? 'numeric' : nothing} min=${f.kind === 'number' ? '0' : nothing} step=${f.kind === 'number' ? '1' : nothing}
          maxlength=${f.max || nothing} ?required=${f.required} .value=${this.draft[f.key]} @input=${onInput}
          aria-invalid=${invalid(this.error, f.key)} aria-describedby=${described}>`;
    return html`<div class="field">
      <label for=${id}>${f.label}${f.required ? html` <span aria-hidden="true">*</span>` : nothing}</label>
      ${control}
      ${f.hint ? html`<div class="hint muted" id=${hintId}>${f.hint}</div>` : nothing}
      ${fieldError(this.error, f.key, errId)}
      ${this.owner(f)}
    </div>`;
  }

  /** For an email, domain or external id that belongs to another profile (409): a link to that one. */
  owner(f) {
    const message = this.error instanceof ApiError && this.error.status === 409 ? this.error.field(f.key) : null;
    const id = message?.match(/\b(per|com)_[a-z0-9]{20}\b/)?.[0];
    if (!id || id === this.subject?.id) return nothing;
    const route = id.startsWith('per_') ? 'people' : 'companies';
    return html`<div class="hint"><a href=${href([route, id])} target="_blank" rel="noopener">Open that ${route === 'people' ? 'person' : 'company'} in a new tab</a></div>`;
  }

  conflictView() {
    const theirs = this.conflict.record;
    const mineChanged = new Set(this.changed().map((f) => f.key));
    const rows = this.fields.filter((f) => mineChanged.has(f.key)
      || !same(norm(f, get(theirs, f.key)), norm(f, get(this.base.record, f.key))));
    const headId = `${this.uid}-conflict`;
    return html`<div class="conflict" role="alert" aria-labelledby=${headId}>
      <h3 id=${headId} tabindex="-1">Someone else changed this ${this.model} while you were editing</h3>
      <p>Nothing was overwritten. Compare the two versions, then keep the one saved now or save yours over it.</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Your changes compared with what is saved now">
        <table class="compare">
          <thead><tr><th scope="col">Field</th><th scope="col">Your changes</th><th scope="col">Now saved</th></tr></thead>
          <tbody>${rows.map((f) => {
            const differs = mineChanged.has(f.key) && !same(norm(f, this.mine(f)), norm(f, get(theirs, f.key)));
            return html`<tr class=${differs ? 'differs' : ''}>
              <th scope="row">${f.label}${differs ? html`<span class="visually-hidden"> (differs)</span>` : nothing}</th>
              <td>${mineChanged.has(f.key) ? shown(f, this.mine(f)) : html`<span class="muted">not changed by you</span>`}</td>
              <td>${shown(f, get(theirs, f.key))}</td></tr>`;
          })}</tbody>
        </table>
      </div>
      ${formError(this.error)}
      <div class="row">
        <button type="button" @click=${this.keepTheirs} ?disabled=${this.busy}>Keep theirs</button>
        <button type="button" class="primary" @click=${this.saveMineAnyway} ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Save mine anyway'}</button>
        <button type="button" class="link" @click=${() => { this.base = this.conflict; this.conflict = null; }} ?disabled=${this.busy}>Back to the form</button>
      </div>
    </div>`;
  }
}

define('rp-profile-details', RpProfileDetails);
