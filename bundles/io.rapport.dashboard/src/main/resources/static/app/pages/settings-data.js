// Settings > Data: the custom attributes of people, companies and conversations. A table per model (label,
// key, type, options, archived), a dialog to define a new one (the key suggested from the label), one to
// change a definition, archive and unarchive, and delete (saying first how many values go with it).
import { RpElement, define, html, nothing, repeat } from '../lib.js';
import { api, seg, ApiError } from '../api.js';
import { href } from '../router.js';
import { confirmDialog, errorText, fieldError, fmtDate, formError, invalid, toast } from '../ui.js';
import { describedBy } from './settings/forms.js';

const MODELS = [
  { model: 'person', label: 'People', one: 'person', plural: 'people' },
  { model: 'company', label: 'Companies', one: 'company', plural: 'companies' },
  { model: 'conversation', label: 'Conversations', one: 'conversation', plural: 'conversations' },
];

/** A key from a label: "Renewal date" -> "renewal_date"; what the API takes: ^[a-z][a-z0-9_]{0,62}$. */
export function slug(label) {
  let key = (label || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (key && !/^[a-z]/.test(key)) key = `a_${key}`;
  return key.slice(0, 63).replace(/_+$/, '');
}

/** What the options of a type mean, for the hint under the field. */
function optionsHint(type) {
  switch (type?.name) {
    case 'list':
    case 'multi-list':
      return 'The values to choose from, one per line.';
    case 'currency':
      return 'The one currency of every value, as an ISO 4217 code (e.g. EUR).';
    case 'phone':
      return 'The one default region for numbers written without a country code, as an ISO 3166 code (e.g. GB).';
    default:
      return 'One per line.';
  }
}

function optionsOf(text) {
  return (text || '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}

/** Dialog field ids, so each message is tied to its field. */
const ERR = (dialog, field) => `${dialog}-err-${field}`;

class RpSettingsData extends RpElement {
  static properties = {
    route: { attribute: false },
    user: { attribute: false },
    attributes: { state: true },
    types: { state: true },
    busy: { state: true },
    error: { state: true },
    unsupported: { state: true },
    dialog: { state: true }, // null, 'create', 'edit'
    editing: { state: true },
    dialogError: { state: true },
    draft: { state: true },
    saving: { state: true },
  };

  constructor() {
    super();
    this.attributes = [];
    this.types = [];
    this.draft = {};
    this.generation = 0;
  }

  get model() {
    const m = this.route?.query.get('model');
    return MODELS.find((x) => x.model === m) || MODELS[0];
  }

  willUpdate(changed) {
    if (changed.has('route')) {
      const previous = changed.get('route');
      if (!previous || previous.query.get('model') !== this.route.query.get('model')) {
        this.load();
      }
    }
  }

  async load() {
    document.title = 'Data settings · Rapport';
    const generation = ++this.generation;
    this.busy = true;
    this.error = null;
    this.unsupported = false;
    try {
      const [types, attributes] = await Promise.all([
        this.types.length ? { data: this.types } : api.get('/attribute-types'),
        this.allAttributes(this.model.model),
      ]);
      if (generation !== this.generation) return;
      this.types = types.data;
      this.attributes = attributes;
    } catch (e) {
      if (generation !== this.generation) return;
      this.attributes = [];
      if (e instanceof ApiError && e.status === 400 && e.field('model')) {
        this.unsupported = true;
      } else {
        this.error = e;
      }
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  /** Every definition of a model (pages of 200, following the cursor). */
  async allAttributes(model) {
    const all = [];
    let cursor = null;
    do {
      const page = await api.get(`/attributes?model=${seg(model)}&limit=200${cursor ? `&cursor=${seg(cursor)}` : ''}`);
      all.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor && all.length < 5000);
    return all;
  }

  type(name) {
    return this.types.find((t) => t.name === name);
  }

  typeLabel(a) {
    return this.type(a.type)?.label || a.type;
  }

  // ---- dialogs

  async openCreate() {
    this.dialogError = null;
    this.draft = { label: '', key: '', keyEdited: false, type: 'text', options: '', description: '' };
    this.dialog = 'create';
    await this.updateComplete;
    this.querySelector('dialog.attr-dialog')?.showModal();
  }

  async openEdit(a) {
    this.dialogError = null;
    this.editing = a;
    this.draft = { label: a.label, key: a.key, type: a.type, options: (a.options || []).join('\n'), description: a.description || '' };
    this.dialog = 'edit';
    await this.updateComplete;
    this.querySelector('dialog.attr-dialog')?.showModal();
  }

  closeDialog() {
    this.querySelector('dialog.attr-dialog')?.close();
  }

  setDraft(field, value) {
    const draft = { ...this.draft, [field]: value };
    if (field === 'label' && this.dialog === 'create' && !draft.keyEdited) {
      draft.key = slug(value);
    }
    if (field === 'key') {
      draft.keyEdited = value !== '';
    }
    this.draft = draft;
  }

  async save(e) {
    e.preventDefault();
    const d = this.draft;
    const type = this.type(d.type);
    const usesOptions = !!type?.uses_options;
    this.saving = true;
    try {
      if (this.dialog === 'create') {
        const body = { key: d.key.trim(), model: this.model.model, label: d.label, type: d.type };
        if (d.description.trim()) body.description = d.description;
        if (usesOptions) body.options = optionsOf(d.options);
        const created = await api.post('/attributes', body);
        toast(`Created the attribute ${created.label}.`);
      } else {
        const a = this.editing;
        const patch = {};
        if (d.label !== a.label) patch.label = d.label;
        if ((d.description || '') !== (a.description || '')) patch.description = d.description.trim() ? d.description : null;
        if (d.type !== a.type) patch.type = d.type;
        const options = usesOptions ? optionsOf(d.options) : null;
        if (JSON.stringify(options) !== JSON.stringify(a.options ?? null)) patch.options = options;
        if (Object.keys(patch).length) {
          await api.patch(`/attributes/${seg(a.model)}/${seg(a.key)}`, patch);
          toast(`Saved the attribute ${d.label}.`);
        }
      }
      this.closeDialog();
      this.load();
    } catch (err) {
      this.dialogError = err;
    } finally {
      this.saving = false;
    }
  }

  // ---- row actions

  async setArchived(a, archived) {
    try {
      await api.patch(`/attributes/${seg(a.model)}/${seg(a.key)}`, { archived });
      toast(archived ? `Archived ${a.label}: its values stay, but can no longer be changed.` : `${a.label} is in use again.`);
      this.load();
    } catch (e) {
      toast(errorText(e), { error: true });
    }
  }

  /** How many profiles have a value of the attribute, from the search (null when it cannot say). */
  async valueCount(a) {
    if (a.model !== 'person' && a.model !== 'company') return null;
    try {
      const page = await api.post(`/${a.model === 'company' ? 'companies' : 'people'}/search`,
        { query: { field: `attributes.${a.key}`, operator: 'is_present' }, limit: 1 });
      return page.total;
    } catch {
      return null;
    }
  }

  async deleteAttribute(a) {
    const count = await this.valueCount(a);
    const m = MODELS.find((x) => x.model === a.model) || this.model;
    const values = count == null ? 'Every value of it is deleted too.'
      : count === 0 ? `No ${m.one} has a value of it.`
        : `${count.toLocaleString()} ${count === 1 ? m.one : m.plural} ${count === 1 ? 'has a value' : 'have values'} of it, which ${count === 1 ? 'is' : 'are'} deleted too.`;
    if (!(await confirmDialog(`Delete the attribute “${a.label}”? ${values} This cannot be undone.`))) return;
    try {
      const result = await api.del(`/attributes/${seg(a.model)}/${seg(a.key)}`);
      const n = result?.values_deleted ?? 0;
      toast(`Deleted ${a.label}${n ? ` and ${n.toLocaleString()} ${n === 1 ? 'value' : 'values'}` : ''}.`);
      this.load();
    } catch (e) {
      toast(errorText(e), { error: true });
    }
  }

  // ---- rendering

  render() {
    const m = this.model;
    return html`
      <div class="page-head">
        <h1>Data</h1>
        <span class="spacer"></span>
        ${this.unsupported ? nothing : html`<button type="button" class="primary" @click=${() => this.openCreate()}>+ Create Attribute</button>`}
      </div>
      <p class="muted">Custom attributes add your own fields to profiles. Archived attributes keep their values, read-only.</p>
      <nav class="model-tabs" aria-label="Kind of record">
        ${MODELS.map((x) => html`<a href=${href(['settings', 'data'], x.model === 'person' ? undefined : { model: x.model })}
          aria-current=${x.model === m.model ? 'page' : 'false'}>${x.label}</a>`)}
      </nav>
      <section class="card" aria-labelledby="attrs-title">
        <h2 id="attrs-title">Attributes of ${m.plural}</h2>
        ${formError(this.error)}
        ${this.unsupported
          ? html`<p class="empty">Custom attributes are not available for ${m.plural} on this server yet: Rapport keeps them for people and companies.</p>`
          : this.table()}
      </section>
      ${this.dialogTemplate()}`;
  }

  table() {
    if (this.busy && this.attributes.length === 0) {
      return html`<p class="loading" role="status">Loading…</p>`;
    }
    if (!this.error && this.attributes.length === 0) {
      return html`<div class="empty"><p>No attributes for ${this.model.plural} yet.</p>
        <button type="button" @click=${() => this.openCreate()}>+ Create Attribute</button></div>`;
    }
    return html`<div class="table-wrap">
      <table class="list attr-table stack" aria-label=${`Attributes of ${this.model.plural}`}>
        <thead><tr>
          <th scope="col">Label</th><th scope="col">Key</th><th scope="col">Type</th><th scope="col">Options</th>
          <th scope="col">State</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody>
          ${repeat(this.attributes, (a) => a.key, (a) => html`<tr class=${a.archived ? 'archived' : ''}>
            <td class="primary-cell" title=${a.description || ''}><strong>${a.label}</strong>${a.description ? html`<div class="muted small">${a.description}</div>` : nothing}</td>
            <td data-label="Key"><code>${a.key}</code></td>
            <td data-label="Type">${this.typeLabel(a)}${a.type_available === false ? html` <span class="badge warn">not installed</span>` : nothing}</td>
            <td class="options" data-label="Options" title=${(a.options || []).join(', ')}>${(a.options || []).join(', ') || html`<span class="muted">—</span>`}</td>
            <td data-label="State">${a.archived ? html`<span class="badge">Archived</span>` : html`<span class="badge ok">Active</span>`}</td>
            <td data-label="Created">${fmtDate(a.created_at)}</td>
            <td class="row-actions">
              <button type="button" @click=${() => this.openEdit(a)} aria-label=${`Edit ${a.label}`}>Edit</button>
              <button type="button" @click=${() => this.setArchived(a, !a.archived)} aria-label=${`${a.archived ? 'Unarchive' : 'Archive'} ${a.label}`}>
                ${a.archived ? 'Unarchive' : 'Archive'}</button>
              <button type="button" class="danger" @click=${() => this.deleteAttribute(a)} aria-label=${`Delete ${a.label}`}>Delete</button>
            </td>
          </tr>`)}
        </tbody>
      </table>
    </div>`;
  }

  dialogTemplate() {
    const d = this.draft;
    const create = this.dialog === 'create';
    const type = this.type(d.type);
    const err = this.dialogError;
    const id = (f) => ERR('attr', f);
    // a definition may keep a type that is no longer installed: it stays a choice
    const types = [...this.types];
    if (d.type && !type) types.push({ name: d.type, label: `${d.type} (not installed)`, uses_options: (this.editing?.options || []).length > 0 });
    const usesOptions = type ? type.uses_options : (this.editing?.options || []).length > 0;
    return html`<dialog class="attr-dialog" aria-labelledby="attr-dialog-title" @close=${() => { this.dialog = null; this.editing = null; }}>
      ${this.dialog ? html`<form @submit=${this.save} novalidate>
        <h2 id="attr-dialog-title">${create ? `New attribute of ${this.model.plural}` : `Edit ${this.editing?.label}`}</h2>
        ${formError(err, ['label', 'key', 'type', 'options', 'description'])}
        <div class="field"><label for="attr-label">Label</label>
          <input id="attr-label" required maxlength="255" .value=${d.label} @input=${(e) => this.setDraft('label', e.target.value)}
            aria-invalid=${invalid(err, 'label')} aria-describedby=${describedBy(err, 'label', id('label'))}>
          ${fieldError(err, 'label', id('label'))}</div>
        <div class="field"><label for="attr-key">Key</label>
          <input id="attr-key" required maxlength="63" pattern="[a-z][a-z0-9_]{0,62}" autocomplete="off" spellcheck="false"
            .value=${d.key} ?readonly=${!create} @input=${(e) => this.setDraft('key', e.target.value)}
            aria-invalid=${invalid(err, 'key')} aria-describedby=${describedBy(err, 'key', id('key'), 'attr-key-hint')}>
          <div class="muted small" id="attr-key-hint">${create
            ? 'The name used in the API, imports and filters: lower-case letters, digits and _, starting with a letter. It cannot change later.'
            : 'The key cannot change.'}</div>
          ${fieldError(err, 'key', id('key'))}</div>
        <div class="field"><label for="attr-type">Type</label>
          <select id="attr-type" .value=${d.type} @change=${(e) => this.setDraft('type', e.target.value)}
            aria-invalid=${invalid(err, 'type')} aria-describedby=${describedBy(err, 'type', id('type'), create ? null : 'attr-type-hint')}>
            ${types.map((t) => html`<option value=${t.name} ?selected=${t.name === d.type}>${t.label}</option>`)}
          </select>
          ${create ? nothing : html`<div class="muted small" id="attr-type-hint">The type can change only while no profile has a value.</div>`}
          ${fieldError(err, 'type', id('type'))}</div>
        ${usesOptions ? html`<div class="field"><label for="attr-options">Options</label>
          <textarea id="attr-options" rows="5" .value=${d.options} @input=${(e) => this.setDraft('options', e.target.value)}
            aria-invalid=${invalid(err, 'options')} aria-describedby=${describedBy(err, 'options', id('options'), 'attr-options-hint')}></textarea>
          <div class="muted small" id="attr-options-hint">${optionsHint(type)}</div>
          ${fieldError(err, 'options', id('options'))}</div>` : nothing}
        <div class="field"><label for="attr-description">Description <span class="muted">(optional)</span></label>
          <textarea id="attr-description" rows="2" maxlength="2000" .value=${d.description} @input=${(e) => this.setDraft('description', e.target.value)}
            aria-invalid=${invalid(err, 'description')} aria-describedby=${describedBy(err, 'description', id('description'))}></textarea>
          ${fieldError(err, 'description', id('description'))}</div>
        <div class="actions">
          <button type="button" @click=${() => this.closeDialog()}>Cancel</button>
          <button type="submit" class="primary" ?disabled=${this.saving}>${create ? 'Create' : 'Save'}</button>
        </div>
      </form>` : nothing}
    </dialog>`;
  }
}

define('rp-settings-data', RpSettingsData);
