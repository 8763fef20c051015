// The Custom attributes card: every attribute defined for the model (archived ones left out), its value on
// this profile, and an editor per type, saving one attribute at a time (PATCH {"attributes": {key: value}}).
// Types from plugins show with the plugin's own elements when its dashboard part is loaded, and otherwise
// as raw JSON. Values whose type is not installed are read-only.
import { RpElement, define, html, nothing } from '../../lib.js';
import { api, ApiError, request, seg } from '../../api.js';
import { errorText, fmtDate, fmtDateTime } from '../../ui.js';
import { extension } from '../../extensions.js';
import { plural, uid } from './common.js';

const BUILT_IN = new Set(['text', 'email', 'url', 'number', 'boolean', 'date', 'datetime', 'list', 'multi-list']);

/** An ISO instant as the value of <input type=datetime-local> (local time, to the minute). */
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function isEmpty(v) {
  return v == null || v === '' || (Array.isArray(v) && v.length === 0);
}

class RpProfileAttributes extends RpElement {
  static properties = {
    model: {},
    subjectId: {},
    nested: { type: Boolean }, // inside another card (a conversation's thread): a smaller heading, nothing when none are defined
    values: { attribute: false }, // key -> value, as the profile read answers it
    status: { attribute: false }, // key -> 'type-unavailable' | 'type-failed'
    definitions: { state: true },
    loadError: { state: true },
    editing: { state: true }, // key being edited
    draft: { state: true }, // the editor's value
    errors: { state: true }, // key -> message
    busy: { state: true },
  };

  constructor() {
    super();
    this.uid = uid('attrs');
    this.definitions = null;
    this.values = {};
    this.status = {};
    this.errors = {};
    this.elements = new Map(); // "key:element" -> a plugin's element, kept across renders
    this.onExtensions = () => {
      this.elements.clear();
      this.requestUpdate();
      // a plugin came or went, and its attribute types with it: a value of a type no longer installed is
      // read-only (and writable again when the type returns), which only the definitions (type_available) and
      // the profile (attribute_status) say. A plugin's services come and go one by one, so look again a moment later.
      if (this.definitions?.some((d) => !BUILT_IN.has(d.type))) {
        this.refreshTypes();
        clearTimeout(this.typesTimer);
        this.typesTimer = setTimeout(() => this.refreshTypes(), 1000);
      }
    };
  }

  /** Reads the definitions and the profile's values again (whether each value's type is installed now). */
  refreshTypes() {
    this.loadDefinitions();
    this.dispatchEvent(new CustomEvent('rp-reload', { bubbles: true }));
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('rp-extensions', this.onExtensions);
    if (!this.definitions) this.loadDefinitions();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('rp-extensions', this.onExtensions);
    clearTimeout(this.typesTimer);
  }

  async loadDefinitions() {
    try {
      const all = [];
      let cursor = null;
      do {
        const page = await api.get(`/attributes?model=${this.model}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        all.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor && all.length < 1000);
      this.definitions = all.filter((d) => !d.archived).sort((a, b) => a.label.localeCompare(b.label));
      this.loadError = null;
    } catch (e) {
      this.loadError = e;
    }
  }

  /** Called by the page when definitions changed elsewhere. */
  reload() {
    return this.loadDefinitions();
  }

  readOnly(def) {
    return def.type_available === false || this.status?.[def.key] === 'type-unavailable';
  }

  edit(def) {
    const v = this.values?.[def.key];
    this.errors = {}; // a problem of another attribute left unsaved goes with its editor
    this.editing = def.key;
    const ext = !BUILT_IN.has(def.type) && extension('attribute-type', def.type);
    if (ext) this.elements.delete(`${def.key}:${ext.elements.editor}`); // a fresh editor for each edit
    if (def.type === 'multi-list') this.draft = Array.isArray(v) ? [...v] : [];
    else if (def.type === 'boolean') this.draft = v === true;
    else if (def.type === 'datetime') this.draft = toLocalInput(v);
    else if (def.type === 'number') this.draft = v == null ? '' : String(v);
    else if (BUILT_IN.has(def.type)) this.draft = v == null ? '' : String(v);
    else if (ext) this.draft = v ?? null;
    else this.draft = v == null ? '' : JSON.stringify(v, null, 2);
    this.updateComplete.then(() => {
      const row = this.querySelector(`[data-key="${def.key}"]`);
      (row?.querySelector('.attr-editor input, .attr-editor select, .attr-editor textarea, .attr-editor [tabindex]')
        || row?.querySelector('.attr-editor')?.firstElementChild)?.focus?.();
    });
  }

  cancel(def) {
    this.editing = null;
    this.errors = { ...this.errors, [def.key]: null };
    this.updateComplete.then(() => this.querySelector(`[data-key="${def.key}"] .attr-edit`)?.focus());
  }

  /** The draft as the API takes it; throws an Error with a message in words when it cannot be. */
  valueFor(def) {
    const d = this.draft;
    switch (def.type) {
      case 'boolean': return !!d;
      case 'multi-list': return d.length ? d : null;
      case 'number': {
        const t = String(d).trim();
        if (t === '') return null;
        if (!/^-?\d+(\.\d+)?$/.test(t)) throw new Error('Enter a number, e.g. 12 or 3.5.');
        return { number: t }; // sent as a JSON number, written exactly (no rounding through a float)
      }
      case 'datetime': {
        if (!d) return null;
        const t = new Date(d);
        if (Number.isNaN(t.getTime())) throw new Error('Enter a date and time.');
        return t.toISOString();
      }
      default:
        if (BUILT_IN.has(def.type)) return String(d).trim() === '' ? null : d;
        if (extension('attribute-type', def.type)) return d ?? null;
        if (String(d).trim() === '') return null;
        try {
          return JSON.parse(d);
        } catch (e) {
          throw new Error(`This is not valid JSON (${e.message}). Strings need double quotes.`);
        }
    }
  }

  async save(def, value) {
    // a plugin's editor that refused what was typed says so itself: keep it open on its message
    const invalidInside = value === undefined && this.querySelector(`[data-key="${def.key}"] .attr-editor [role="group"] [aria-invalid="true"]`);
    if (invalidInside) {
      invalidInside.focus();
      return;
    }
    let v;
    try {
      v = value !== undefined ? value : this.valueFor(def);
    } catch (e) {
      this.errors = { ...this.errors, [def.key]: e.message };
      return;
    }
    const key = JSON.stringify(def.key);
    // numbers go out as written: the body is built by hand around them
    const raw = def.type === 'number' && v && typeof v === 'object'
      ? `{"attributes":{${key}:${v.number}}}` : JSON.stringify({ attributes: { [def.key]: v } });
    this.busy = def.key;
    try {
      const answer = await request('PATCH', `/${plural(this.model)}/${seg(this.subjectId)}`, undefined, { raw, contentType: 'application/merge-patch+json' });
      this.values = answer.body.attributes || {};
      this.status = answer.body.attribute_status || {};
      this.errors = { ...this.errors, [def.key]: null };
      this.editing = null;
      // the profile's version moves with its attributes: the page keeps the new ETag for the next edit
      this.dispatchEvent(new CustomEvent('rp-attributes', { detail: { record: answer.body, etag: answer.etag }, bubbles: true }));
      this.updateComplete.then(() => this.querySelector(`[data-key="${def.key}"] .attr-edit`)?.focus());
    } catch (e) {
      const message = e instanceof ApiError ? (e.field(`attributes.${def.key}`) || e.field('attributes') || errorText(e)) : errorText(e);
      this.errors = { ...this.errors, [def.key]: message };
    } finally {
      this.busy = null;
    }
  }

  /** A plugin's element (editor or display), made once per attribute and kept. */
  pluginElement(def, name, value, onChange) {
    const cacheKey = `${def.key}:${name}`;
    let el = this.elements.get(cacheKey);
    if (!el) {
      el = document.createElement(name);
      if (onChange) {
        el.addEventListener('change', (e) => {
          if (e.detail && typeof e.detail === 'object' && 'value' in e.detail) onChange(e.detail.value);
        });
      }
      this.elements.set(cacheKey, el);
    }
    // set only what changed: an editor may rebuild itself on a new definition (and lose what was typed)
    if (el.definition !== def) el.definition = def;
    if (el.label !== def.label) el.label = def.label;
    if (el.value !== value) el.value = value;
    return el;
  }

  render() {
    const title = `${this.uid}-title`;
    const defs = this.definitions;
    if (this.nested && (!defs || defs.length === 0) && !this.loadError) return nothing;
    return html`<section class=${this.nested ? 'attributes nested' : 'card attributes'} aria-labelledby=${title}>
      <header>${this.nested ? html`<h3 id=${title}>Conversation attributes</h3>` : html`<h2 id=${title}>Custom attributes</h2>`}</header>
      ${this.loadError ? html`<div class="form-error" role="alert">${errorText(this.loadError)}</div>` : nothing}
      ${!defs && !this.loadError ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${defs && defs.length === 0 ? html`<p class="empty">No custom attributes are defined for ${plural(this.model)}. An admin defines them in Settings › Data.</p>` : nothing}
      ${defs && defs.length ? html`<ul class="attr-list">${defs.map((d) => this.row(d))}</ul>` : nothing}
    </section>`;
  }

  row(def) {
    const value = this.values?.[def.key];
    const editing = this.editing === def.key;
    const readOnly = this.readOnly(def);
    const labelId = `${this.uid}-${def.key}-label`;
    const errId = `${this.uid}-${def.key}-err`;
    const error = this.errors[def.key];
    const status = this.status?.[def.key];
    return html`<li class="attr" data-key=${def.key}>
      <div class="attr-head">
        <span class="attr-label" id=${labelId}>${def.label}</span>
        ${!editing && !readOnly ? html`<button type="button" class="link attr-edit" aria-label=${`Edit ${def.label}`}
          @click=${() => this.edit(def)}>Edit</button>` : nothing}
      </div>
      ${def.description ? html`<div class="muted attr-desc">${def.description}</div>` : nothing}
      ${editing ? this.editor(def, labelId, error ? errId : null) : html`<div class="attr-value">${this.display(def, value)}</div>`}
      ${readOnly ? html`<div class="muted attr-note">Read-only: the type “${def.type}” is not installed now.</div>`
        : status === 'type-failed' ? html`<div class="muted attr-note">Shown as last written: its type failed to read it.</div>` : nothing}
      ${error ? html`<div class="field-error" id=${errId} role="alert">${error}</div>` : nothing}
    </li>`;
  }

  display(def, value) {
    if (isEmpty(value)) return html`<span class="muted">—</span>`;
    const ext = !BUILT_IN.has(def.type) ? extension('attribute-type', def.type) : undefined;
    if (ext?.elements?.display && this.status?.[def.key] !== 'type-unavailable') {
      return this.pluginElement(def, ext.elements.display, value);
    }
    switch (def.type) {
      case 'boolean': return value ? 'Yes' : 'No';
      case 'date': return fmtDate(`${value}T12:00:00Z`);
      case 'datetime': return html`<time datetime=${value}>${fmtDateTime(value)}</time>`;
      case 'url': return html`<a href=${value} target="_blank" rel="noopener noreferrer">${value}</a>`;
      case 'email': return html`<a href=${`mailto:${value}`}>${value}</a>`;
      case 'multi-list': return html`${value.map((v) => html`<span class="badge">${v}</span> `)}`;
      case 'number': return typeof value === 'number' ? value.toLocaleString(undefined, { maximumFractionDigits: 10 }) : String(value);
      default:
        if (BUILT_IN.has(def.type)) return String(value);
        return html`<code class="raw">${typeof value === 'object' ? JSON.stringify(value) : String(value)}</code>`;
    }
  }

  editor(def, labelId, errId) {
    const id = `${this.uid}-${def.key}-input`;
    const busy = this.busy === def.key;
    const set = (v) => { this.draft = v; };
    const described = errId || nothing;
    const invalid = errId ? 'true' : 'false';
    const ext = !BUILT_IN.has(def.type) ? extension('attribute-type', def.type) : undefined;
    let control;
    switch (def.type) {
      case 'text':
      case 'email':
      case 'url':
        control = html`<label class="visually-hidden" for=${id}>${def.label}</label>
          <input id=${id} type=${def.type === 'text' ? 'text' : def.type} .value=${this.draft} aria-invalid=${invalid} aria-describedby=${described}
          maxlength=${def.type === 'text' ? 4000 : 2048} @input=${(e) => set(e.target.value)}>`;
        break;
      case 'number':
        control = html`<label class="visually-hidden" for=${id}>${def.label}</label>
          <input id=${id} type="text" inputmode="decimal" .value=${this.draft} aria-invalid=${invalid} aria-describedby=${described}
          @input=${(e) => set(e.target.value)}>`;
        break;
      case 'boolean':
        control = html`<label class="switch" for=${id}><input id=${id} type="checkbox" role="switch" .checked=${!!this.draft}
          aria-checked=${this.draft ? 'true' : 'false'} aria-describedby=${described} @change=${(e) => set(e.target.checked)}>
          ${def.label}: ${this.draft ? 'Yes' : 'No'}</label>`;
        break;
      case 'date':
        control = html`<label class="visually-hidden" for=${id}>${def.label}</label>
          <input id=${id} type="date" .value=${this.draft} aria-invalid=${invalid} aria-describedby=${described} @input=${(e) => set(e.target.value)}>`;
        break;
      case 'datetime':
        control = html`<label class="visually-hidden" for=${id}>${def.label} (your local time)</label>
          <input id=${id} type="datetime-local" .value=${this.draft} aria-invalid=${invalid} aria-describedby=${described} @input=${(e) => set(e.target.value)}>`;
        break;
      case 'list':
        control = html`<label class="visually-hidden" for=${id}>${def.label}</label>
          <select id=${id} aria-invalid=${invalid} aria-describedby=${described} @change=${(e) => set(e.target.value)}>
            <option value="" ?selected=${!this.draft}>(none)</option>
            ${(def.options || []).map((o) => html`<option value=${o} ?selected=${this.draft === o}>${o}</option>`)}
            ${this.draft && !(def.options || []).includes(this.draft) ? html`<option value=${this.draft} selected>${this.draft}</option>` : nothing}
          </select>`;
        break;
      case 'multi-list':
        control = html`<fieldset class="options" aria-describedby=${described}><legend class="visually-hidden">${def.label}</legend>
          ${(def.options || []).map((o, i) => html`<label class="switch" for=${`${id}-${i}`}><input id=${`${id}-${i}`} type="checkbox"
            .checked=${this.draft.includes(o)} @change=${(e) => set(e.target.checked ? [...this.draft.filter((x) => x !== o), o] : this.draft.filter((x) => x !== o))}>
            ${o}</label>`)}</fieldset>`;
        break;
      default:
        if (ext?.elements?.editor) {
          const el = this.pluginElement(def, ext.elements.editor, this.draft, set);
          control = html`<div role="group" aria-labelledby=${labelId} aria-describedby=${described}>${el}</div>`;
        } else {
          control = html`<label for=${id} class="hint muted">${def.label}, as JSON (the type “${def.type}” has no editor here)</label>
            <textarea id=${id} class="raw" rows="3" .value=${this.draft} aria-invalid=${invalid} aria-describedby=${described}
            @input=${(e) => set(e.target.value)}></textarea>`;
        }
    }
    const hasValue = !isEmpty(this.values?.[def.key]);
    return html`<form class="attr-editor" novalidate aria-labelledby=${labelId}
        @submit=${(e) => { e.preventDefault(); this.save(def); }}
        @keydown=${(e) => { if (e.key === 'Escape') { e.preventDefault(); this.cancel(def); } }}>
      ${control}
      <div class="row">
        <button type="submit" class="primary" ?disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button>
        <button type="button" @click=${() => this.cancel(def)} ?disabled=${busy}>Cancel</button>
        ${hasValue ? html`<button type="button" class="link" ?disabled=${busy} @click=${() => this.save(def, null)}
          aria-label=${`Clear ${def.label}`}>Clear</button>` : nothing}
      </div>
    </form>`;
  }
}

define('rp-profile-attributes', RpProfileAttributes);
