// Settings > Tags: every tag with how many people and companies carry it; rename and recolour in place
// (saved when the field is left or Enter is pressed), delete after saying whom it is removed from, create.
import { RpElement, define, html, nothing, repeat } from '../lib.js';
import { api, seg } from '../api.js';
import { onChange } from '../live.js';
import { confirmDialog, debounce, errorText, fieldError, formError, invalid, toast } from '../ui.js';
import { describedBy, plural } from './settings/forms.js';

const DEFAULT_COLOR = '#8A94A6';

class RpSettingsTags extends RpElement {
  static properties = {
    route: { attribute: false },
    user: { attribute: false },
    tags: { state: true },
    busy: { state: true },
    error: { state: true },
    rowErrors: { state: true }, // tag id -> ApiError
    createError: { state: true },
    newColor: { state: true },
    filter: { state: true },
  };

  constructor() {
    super();
    this.tags = [];
    this.rowErrors = new Map();
    this.newColor = '#3451C7';
    this.filter = '';
    this.refresh = debounce(() => this.load(), 400);
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Tags · Rapport';
    this.load();
    this.stopLive = onChange((change) => {
      if (change.topic?.startsWith('rapport/tags/')) this.refresh();
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
  }

  async load() {
    this.busy = true;
    try {
      const all = [];
      let cursor = null;
      do {
        const page = await api.get(`/tags?limit=200${cursor ? `&cursor=${seg(cursor)}` : ''}`);
        all.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor && all.length < 10000);
      this.tags = all;
      this.error = null;
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  setRowError(id, error) {
    const next = new Map(this.rowErrors);
    error ? next.set(id, error) : next.delete(id);
    this.rowErrors = next;
  }

  async patch(tag, body, input) {
    try {
      const updated = await api.patch(`/tags/${seg(tag.id)}`, body);
      this.tags = this.tags.map((t) => (t.id === tag.id ? { ...t, ...updated } : t));
      this.setRowError(tag.id, null);
      toast(body.name ? `Renamed the tag to ${updated.name}.` : `Changed the colour of ${updated.name}.`);
    } catch (e) {
      this.setRowError(tag.id, e);
      if (input && body.color) input.value = tag.color || DEFAULT_COLOR;
    }
  }

  rename(tag, e) {
    const name = e.target.value.trim();
    if (name === tag.name) {
      this.setRowError(tag.id, null);
      return;
    }
    this.patch(tag, { name }, e.target);
  }

  recolor(tag, e) {
    const color = e.target.value.toUpperCase();
    if (color === (tag.color || '').toUpperCase()) return;
    this.patch(tag, { color }, e.target);
  }

  async deleteTag(tag) {
    const who = tag.people_count || tag.company_count
      ? `It is removed from ${plural(tag.people_count || 0, 'person', 'people')} and ${plural(tag.company_count || 0, 'company', 'companies')}.`
      : 'No one carries it.';
    if (!(await confirmDialog(`Delete the tag “${tag.name}”? ${who}`))) return;
    try {
      const result = await api.del(`/tags/${seg(tag.id)}`);
      const r = result?.removed_from;
      toast(`Deleted ${tag.name}${r && (r.people || r.companies) ? `, removed from ${plural(r.people || 0, 'person', 'people')} and ${plural(r.companies || 0, 'company', 'companies')}` : ''}.`);
      this.tags = this.tags.filter((t) => t.id !== tag.id);
    } catch (e) {
      toast(errorText(e), { error: true });
      this.load();
    }
  }

  async create(e) {
    e.preventDefault();
    const form = e.target;
    const name = form.elements.name.value.trim();
    const description = form.elements.description.value.trim();
    try {
      const body = { name, color: this.newColor.toUpperCase() };
      if (description) body.description = description;
      const created = await api.post('/tags', body);
      toast(`Created the tag ${created.name}.`);
      form.elements.name.value = '';
      form.elements.description.value = '';
      this.createError = null;
      this.load();
      form.elements.name.focus();
    } catch (err) {
      this.createError = err;
    }
  }

  render() {
    const q = this.filter.trim().toLowerCase();
    const shown = q ? this.tags.filter((t) => t.name.toLowerCase().includes(q)) : this.tags;
    const ce = this.createError;
    return html`
      <div class="page-head"><h1>Tags</h1>
        <span class="muted" role="status">${this.tags.length ? plural(this.tags.length, 'tag', 'tags') : ''}</span></div>
      <section class="card" aria-labelledby="new-tag-title">
        <h2 id="new-tag-title">New tag</h2>
        <form class="inline-form" @submit=${this.create} novalidate>
          ${formError(ce, ['name', 'color', 'description'])}
          <div class="field grow"><label for="new-tag-name">Name</label>
            <input id="new-tag-name" name="name" required maxlength="100" autocomplete="off"
              aria-invalid=${invalid(ce, 'name')} aria-describedby=${describedBy(ce, 'name', 'new-tag-err-name')}>
            ${fieldError(ce, 'name', 'new-tag-err-name')}</div>
          <div class="field"><label for="new-tag-color">Colour</label>
            <input id="new-tag-color" name="color" type="color" class="color" .value=${this.newColor}
              @input=${(e) => { this.newColor = e.target.value; }} aria-invalid=${invalid(ce, 'color')} aria-describedby=${describedBy(ce, 'color', 'new-tag-err-color')}>
            ${fieldError(ce, 'color', 'new-tag-err-color')}</div>
          <div class="field grow"><label for="new-tag-description">Description <span class="muted">(optional)</span></label>
            <input id="new-tag-description" name="description" maxlength="500"
              aria-invalid=${invalid(ce, 'description')} aria-describedby=${describedBy(ce, 'description', 'new-tag-err-description')}>
            ${fieldError(ce, 'description', 'new-tag-err-description')}</div>
          <div class="field"><button type="submit" class="primary">Create tag</button></div>
        </form>
      </section>
      <section class="card" aria-labelledby="tags-title">
        <header><h2 id="tags-title">All tags</h2>
          ${this.tags.length > 8 ? html`<label class="visually-hidden" for="tags-filter">Find a tag</label>
            <input id="tags-filter" type="search" placeholder="Find a tag" .value=${this.filter} @input=${(e) => { this.filter = e.target.value; }}>` : nothing}
        </header>
        ${formError(this.error)}
        <p class="muted">Rename a tag or change its colour here: the change is saved when you leave the field or press Enter.</p>
        ${this.busy && this.tags.length === 0 ? html`<p class="loading" role="status">Loading…</p>`
          : shown.length === 0 ? html`<p class="empty">${q ? 'No tag has this name.' : 'No tags yet. Create one above, or tag people from their profile or the people list.'}</p>`
            : this.table(shown)}
      </section>`;
  }

  table(tags) {
    return html`<div class="table-wrap">
      <table class="list tags-table stack" aria-label="Tags">
        <thead><tr><th scope="col">Colour</th><th scope="col">Name</th><th scope="col">People</th><th scope="col">Companies</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          ${repeat(tags, (t) => t.id, (t) => {
            const err = this.rowErrors.get(t.id);
            const errId = `tag-err-${t.id}`;
            return html`<tr>
              <td data-label="Colour"><input type="color" class="color" aria-label=${`Colour of ${t.name}`} .value=${t.color || DEFAULT_COLOR}
                @change=${(e) => this.recolor(t, e)} aria-invalid=${invalid(err, 'color')} aria-describedby=${err ? errId : nothing}></td>
              <td class="name-cell" data-label="Name">
                <input class="tag-name" aria-label=${`Name of ${t.name}`} maxlength="100" .value=${t.name}
                  @change=${(e) => this.rename(t, e)}
                  @keydown=${(e) => { if (e.key === 'Escape') { e.target.value = t.name; this.setRowError(t.id, null); } }}
                  aria-invalid=${invalid(err, 'name')} aria-describedby=${err ? errId : nothing}>
                ${err ? html`<div class="field-error" id=${errId} role="alert">${err.field?.('name') || err.field?.('color') || errorText(err)}</div>` : nothing}
              </td>
              <td data-label="People">${(t.people_count || 0).toLocaleString()}</td>
              <td data-label="Companies">${(t.company_count || 0).toLocaleString()}</td>
              <td class="row-actions"><button type="button" class="danger" aria-label=${`Delete ${t.name}`} @click=${() => this.deleteTag(t)}>Delete</button></td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }
}

define('rp-settings-tags', RpSettingsTags);
