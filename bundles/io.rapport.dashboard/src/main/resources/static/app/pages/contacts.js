// Contacts > People and Contacts > Companies: a table over the search API (columns chosen by the user,
// custom attributes among them; sortable; endless scroll over cursor pages), a filter builder whose filter
// is in the URL, saved segments with live counts, and bulk actions on the rows selected or on everyone the
// filter matches.
import { RpElement, define, html, nothing, repeat } from '../lib.js';
import { api, seg } from '../api.js';
import { go, href } from '../router.js';
import { onChange } from '../live.js';
import { EndWatcher, avatar, confirmDialog, debounce, errorText, fieldError, fmtAgo, fmtDate, formError, invalid, place, tagChip, toast } from '../ui.js';
import { fieldLabel } from './filter-builder.js';
import './filter-builder.js';

const PAGE = 50;
/** Rows collected at most for an action on "everyone matching". */
const MAX_BULK = 10000;

/** The columns a model has besides attributes: key, label, the search fields they need, how to show a row. */
const COLUMNS = {
  person: [
    { key: 'name', label: 'Name', sort: 'name', always: true },
    { key: 'emails', label: 'Email', show: (r) => (r.emails || []).join(', ') },
    { key: 'phones', label: 'Phone', show: (r) => (r.phones || []).join(', ') },
    { key: 'companies', label: 'Companies', fields: ['companies.name'], show: (r) => list(r.fields?.['companies.name']) },
    { key: 'location', label: 'Location', sort: 'location.city', show: (r) => place(r.location) },
    { key: 'tags', label: 'Tags', fields: ['tags'], show: (r) => tagChips(r.fields?.tags), text: (r) => tagNames(r.fields?.tags) },
    { key: 'last_seen', label: 'Last seen', sort: 'last_seen', fields: ['last_seen'], show: (r) => fmtAgo(r.fields?.last_seen) },
    { key: 'conversations', label: 'Conversations', sort: 'conversations.count', fields: ['conversations.count'], show: (r) => r.fields?.['conversations.count'] ?? '', hidden: true },
    { key: 'external_id', label: 'External id', sort: 'external_id', show: (r) => r.external_id || '', hidden: true },
    { key: 'created_at', label: 'Created', sort: 'created_at', show: (r) => fmtDate(r.created_at) },
  ],
  company: [
    { key: 'name', label: 'Name', sort: 'name', always: true },
    { key: 'website', label: 'Website', sort: 'website', show: (r) => r.website || r.domain || '' },
    { key: 'industry', label: 'Industry', sort: 'industry', show: (r) => r.industry || '' },
    { key: 'size', label: 'Size', sort: 'size', show: (r) => r.size ?? '' },
    { key: 'people', label: 'People', sort: 'people.count', fields: ['people.count'], show: (r) => r.fields?.['people.count'] ?? 0 },
    { key: 'conversations', label: 'Conversations', sort: 'conversations.count', fields: ['conversations.count'], show: (r) => r.fields?.['conversations.count'] ?? 0 },
    { key: 'tags', label: 'Tags', fields: ['tags'], show: (r) => tagChips(r.fields?.tags), text: (r) => tagNames(r.fields?.tags) },
    { key: 'created_at', label: 'Created', sort: 'created_at', show: (r) => fmtDate(r.created_at) },
  ],
};

/**
 * Every tag by id, for the Tags column: the search answers a profile's tags as their ids and their names
 * mixed, so the column picks the ids and shows those tags with their colours.
 */
let tagsById = new Map();

function tagsOf(v) {
  const values = v == null ? [] : Array.isArray(v) ? v : [v];
  return values.filter((x) => typeof x === 'string' && x.startsWith('tag_')).map((id) => tagsById.get(id)).filter(Boolean);
}

function tagChips(v) {
  return html`${tagsOf(v).map((t) => tagChip(t))}`;
}

function tagNames(v) {
  return tagsOf(v).map((t) => t.name).join(', ');
}

function list(v) {
  return v == null ? '' : Array.isArray(v) ? v.join(', ') : String(v);
}

function shownValue(v) {
  if (v == null) return '';
  if (Array.isArray(v)) return v.map(shownValue).join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return fmtDate(v);
  return String(v);
}

class RpContacts extends RpElement {
  static properties = {
    route: { attribute: false },
    user: { attribute: false },
    rows: { state: true },
    total: { state: true },
    cursor: { state: true },
    busy: { state: true },
    error: { state: true },
    fields: { state: true },
    attributes: { state: true },
    segments: { state: true },
    selected: { state: true },
    allMatching: { state: true },
    showFilter: { state: true },
    columnsOpen: { state: true },
    visible: { state: true },
    tags: { state: true },
    dialog: { state: true },
    dialogError: { state: true },
  };

  constructor() {
    super();
    this.end = new EndWatcher(this, () => this.load(false), '400px');
    this.rows = [];
    this.fields = [];
    this.attributes = [];
    this.segments = [];
    this.tags = [];
    this.selected = new Set();
    this.generation = 0;
    this.refresh = debounce(() => this.reloadShown(), 600);
  }

  get model() {
    return this.route.path[0] === 'companies' ? 'company' : 'person';
  }

  get plural() {
    return this.model === 'company' ? 'companies' : 'people';
  }

  /** The filter of the URL: ?q= (a query as JSON), or ?segment= (a saved one). */
  get query() {
    const segment = this.segment;
    if (segment) return segment.query;
    const q = this.route.query.get('q');
    try {
      return q ? JSON.parse(q) : null;
    } catch {
      return null;
    }
  }

  get segment() {
    const id = this.route.query.get('segment');
    return id ? this.segments.find((s) => s.id === id) : null;
  }

  get sort() {
    const s = this.route.query.get('sort');
    if (!s) return null;
    const [field, order] = s.split(':');
    return { field, order: order === 'asc' ? 'asc' : 'desc' };
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopLive = onChange((change) => {
      if (change.model === this.model || (change.model === 'person' && this.model === 'company' && change.topic.startsWith('rapport/companies/'))) {
        this.refresh();
      }
      if (change.topic.startsWith('rapport/segments/')) {
        this.loadSegments();
      }
      if (change.topic.startsWith('rapport/tags/')) {
        this.loadTags();
      }
    });
    this.onExtensions = () => this.requestUpdate();
    window.addEventListener('rp-extensions', this.onExtensions);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
    this.end.stop();
    window.removeEventListener('rp-extensions', this.onExtensions);
  }

  willUpdate(changed) {
    if (changed.has('route')) {
      const previous = changed.get('route');
      const key = (r) => r && [r.path[0], r.query.get('q'), r.query.get('segment'), r.query.get('sort')].join('|');
      if (!previous || key(previous) !== key(this.route)) {
        this.start(previous?.path[0] !== this.route.path[0]);
      }
    }
  }

  async start(modelChanged) {
    document.title = `${this.model === 'company' ? 'Companies' : 'People'} · Rapport`;
    if (modelChanged || this.fields.length === 0) {
      this.visible = this.loadColumns();
      try {
        const [fields, attributes] = await Promise.all([api.get(`/search/fields?model=${this.model}`), api.get(`/attributes?model=${this.model}&limit=200`)]);
        this.fields = fields.data;
        this.attributes = attributes.data.filter((a) => !a.archived);
      } catch (e) {
        this.error = e;
      }
      this.loadSegments();
      this.loadTags();
    }
    this.selected = new Set();
    this.allMatching = false;
    await this.load(true);
  }

  async loadSegments() {
    try {
      const page = await api.get('/segments?limit=200');
      this.segments = page.data.filter((s) => s.model === this.model);
    } catch {
      // segments are a nicety: the list works without them
    }
  }

  /** The column definitions in order: standard ones, then attributes. */
  get columns() {
    const standard = COLUMNS[this.model];
    const attributes = this.attributes.map((a) => ({
      key: `attributes.${a.key}`, label: a.label, sort: this.fields.find((f) => f.name === `attributes.${a.key}` && f.sortable) ? `attributes.${a.key}` : null,
      fields: [`attributes.${a.key}`], show: (r) => shownValue(r.fields?.[`attributes.${a.key}`]), hidden: true,
    }));
    return [...standard, ...attributes].filter((c) => !c.fields || c.fields.every((f) => this.fields.length === 0 || this.fields.some((x) => x.name === f)));
  }

  loadColumns() {
    try {
      const saved = JSON.parse(localStorage.getItem(`rapport.columns.${this.model}`));
      if (Array.isArray(saved)) return new Set(saved);
    } catch {
      // the defaults, then
    }
    return new Set(COLUMNS[this.model].filter((c) => !c.hidden).map((c) => c.key));
  }

  toggleColumn(key) {
    const next = new Set(this.visible);
    next.has(key) ? next.delete(key) : next.add(key);
    this.visible = next;
    localStorage.setItem(`rapport.columns.${this.model}`, JSON.stringify([...next]));
    this.load(true);
  }

  get shownColumns() {
    return this.columns.filter((c) => c.always || this.visible.has(c.key));
  }

  body(cursor, limit = PAGE) {
    const body = { limit };
    if (this.query) body.query = this.query;
    if (this.sort) body.sort = this.sort;
    if (cursor) body.cursor = cursor;
    const fields = [...new Set(this.shownColumns.flatMap((c) => c.fields || []))];
    if (fields.length) body.fields = fields;
    return body;
  }

  /** The first page (fresh) or the next one. */
  async load(fresh) {
    if (!fresh && (!this.cursor || this.busy)) return;
    const generation = fresh ? ++this.generation : this.generation;
    this.busy = true;
    this.error = null;
    try {
      const page = await api.post(`/${this.plural}/search`, this.body(fresh ? null : this.cursor));
      if (generation !== this.generation) return; // a newer filter is loading
      this.rows = fresh ? page.data : [...this.rows, ...page.data];
      this.cursor = page.next_cursor;
      this.total = page.total;
    } catch (e) {
      if (generation === this.generation) {
        this.error = e;
        if (fresh) this.rows = [];
      }
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  /** Another agent or a channel changed something: the rows shown are read again, in place. */
  async reloadShown() {
    if (this.busy || this.rows.length === 0 || this.rows.length > 200) return;
    try {
      const page = await api.post(`/${this.plural}/search`, this.body(null, Math.max(PAGE, this.rows.length)));
      this.rows = page.data;
      this.cursor = page.next_cursor;
      this.total = page.total;
    } catch {
      // the next change tries again
    }
  }

  updated() {
    this.end.check();
  }

  navigate(query) {
    const params = {};
    for (const [k, v] of this.route.query) params[k] = v;
    go([this.route.path[0]], { ...params, ...query });
  }

  sortBy(field) {
    const s = this.sort;
    const order = s && s.field === field && s.order === 'asc' ? 'desc' : 'asc';
    this.navigate({ sort: `${field}:${order}` });
  }

  // ---- selection and bulk actions

  toggle(id) {
    const next = new Set(this.selected);
    next.has(id) ? next.delete(id) : next.add(id);
    this.selected = next;
    this.allMatching = false;
  }

  toggleAll(e) {
    this.selected = e.target.checked ? new Set(this.rows.map((r) => r.id)) : new Set();
    this.allMatching = false;
  }

  /** The ids an action applies to: the selected rows, or every match (paged through the search, up to MAX_BULK). */
  async targetIds() {
    if (!this.allMatching) return [...this.selected];
    const ids = [];
    let cursor = null;
    do {
      const page = await api.post(`/${this.plural}/search`, { ...(this.query ? { query: this.query } : {}), limit: 200, ...(cursor ? { cursor } : {}) });
      ids.push(...page.data.map((r) => r.id));
      cursor = page.next_cursor;
    } while (cursor && ids.length < MAX_BULK);
    return ids.slice(0, MAX_BULK);
  }

  /** Every tag (a page at a time), for the Tags column. */
  async loadTags() {
    const all = new Map();
    let cursor = null;
    try {
      do {
        const page = await api.get(`/tags?limit=200${cursor ? `&cursor=${seg(cursor)}` : ''}`);
        page.data.forEach((t) => all.set(t.id, t));
        cursor = page.next_cursor;
      } while (cursor);
      tagsById = all;
      this.requestUpdate();
    } catch {
      // the column shows no tags; the list itself is fine
    }
  }

  async openTagDialog(remove) {
    try {
      this.tags = (await api.get('/tags?limit=200')).data;
    } catch (e) {
      toast(errorText(e), { error: true });
      return;
    }
    this.dialogError = null;
    this.dialog = remove ? 'untag' : 'tag';
    await this.updateComplete;
    this.querySelector('dialog.bulk-tag')?.showModal();
  }

  async bulkTag(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    const remove = this.dialog === 'untag';
    let tagId = form.get('tag');
    const name = (form.get('new_tag') || '').trim();
    try {
      if (!remove && name) {
        tagId = (await api.post('/tags', { name })).id;
      }
      if (!tagId) {
        this.dialogError = new Error('Choose a tag, or type the name of a new one.');
        return;
      }
      const ids = await this.targetIds();
      const link = this.model === 'company' ? 'companies' : 'people';
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await api.post(`/tags/${seg(tagId)}/${link}`, remove ? { remove: chunk } : { add: chunk });
      }
      this.querySelector('dialog.bulk-tag')?.close();
      this.dialog = null;
      toast(`${remove ? 'Untagged' : 'Tagged'} ${ids.length} ${ids.length === 1 ? this.model : this.plural}.`);
      this.selected = new Set();
      this.allMatching = false;
      this.load(true);
    } catch (err) {
      this.dialogError = err;
    }
  }

  async bulkDelete() {
    const count = this.allMatching ? this.total : this.selected.size;
    if (!(await confirmDialog(`Delete ${count} ${count === 1 ? this.model : this.plural}? Their notes, tags and timeline go with them.`))) return;
    try {
      const ids = await this.targetIds();
      let done = 0;
      for (const id of ids) {
        await api.del(`/${this.plural}/${seg(id)}`);
        done++;
      }
      toast(`Deleted ${done} ${done === 1 ? this.model : this.plural}.`);
      this.selected = new Set();
      this.allMatching = false;
      this.load(true);
    } catch (err) {
      toast(errorText(err), { error: true });
      this.load(true);
    }
  }

  // ---- segments and new contacts

  async saveSegment(e) {
    e.preventDefault();
    const name = new FormData(e.target).get('name');
    try {
      const created = await api.post('/segments', { name, model: this.model, query: this.query });
      this.querySelector('dialog.save-segment')?.close();
      this.dialog = null;
      toast(`Saved the segment ${created.name}.`);
      await this.loadSegments();
      go([this.route.path[0]], { segment: created.id });
    } catch (err) {
      this.dialogError = err;
    }
  }

  async openDialog(kind, selector) {
    this.dialogError = null;
    this.dialog = kind;
    await this.updateComplete;
    this.querySelector(selector)?.showModal();
  }

  async create(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    const body = { name: form.get('name') };
    if (this.model === 'person') {
      const email = form.get('email').trim();
      if (email) body.emails = [email];
    } else {
      const domain = form.get('domain').trim();
      if (domain) body.domain = domain;
    }
    try {
      const created = await api.post(`/${this.plural}`, body);
      this.querySelector('dialog.create')?.close();
      this.dialog = null;
      go([this.route.path[0], created.id]);
    } catch (err) {
      this.dialogError = err;
    }
  }

  // ---- rendering

  render() {
    const noun = this.model === 'company' ? 'Companies' : 'People';
    const filtered = !!this.query;
    const segment = this.segment;
    return html`
      <div class="page-head">
        <h1>${segment ? segment.name : noun}</h1>
        <span class="muted" role="status" aria-live="polite">${this.total == null ? '' : `${this.total.toLocaleString()} ${this.total === 1 ? this.model : this.plural}`}</span>
        <span class="spacer"></span>
        <button type="button" aria-expanded=${this.showFilter ? 'true' : 'false'} @click=${() => { this.showFilter = !this.showFilter; }}>
          ${filtered ? 'Filter (on)' : 'Filter'}</button>
        ${filtered && !segment ? html`<button type="button" @click=${() => this.openDialog('segment', 'dialog.save-segment')}>Save as segment</button>` : nothing}
        ${this.columnsMenu()}
        <button type="button" class="primary" @click=${() => this.openDialog('create', 'dialog.create')}>+ New ${this.model}</button>
      </div>
      <div class="list-layout">
        ${this.segmentsNav()}
        <div>
          ${this.showFilter ? html`<rp-filter-builder .fields=${this.fields} .labels=${this.labels()} .query=${this.query}
            @rp-filter=${(e) => go([this.route.path[0]], e.detail ? { q: JSON.stringify(e.detail), sort: this.route.query.get('sort') } : { sort: this.route.query.get('sort') })}></rp-filter-builder>` : nothing}
          ${segment && segment.problem ? html`<div class="form-error" role="alert">${segment.problem}</div>` : nothing}
          ${this.bulkBar()}
          ${formError(this.error)}
          ${this.table()}
        </div>
      </div>
      ${this.dialogs()}`;
  }

  labels() {
    const labels = {};
    for (const a of this.attributes) labels[`attributes.${a.key}`] = `${a.label} (attribute)`;
    return labels;
  }

  segmentsNav() {
    const current = this.route.query.get('segment');
    return html`<nav class="card segments" aria-label="Segments">
      <h2>Segments</h2>
      <a href=${href([this.route.path[0]])} aria-current=${!current && !this.query ? 'page' : nothing}>
        <span>All ${this.plural}</span></a>
      ${repeat(this.segments, (s) => s.id, (s) => html`<a href=${href([this.route.path[0]], { segment: s.id })} aria-current=${current === s.id ? 'page' : nothing}>
        <span>${s.name}</span><span class="count">${s.count ?? '–'}<span class="visually-hidden"> ${this.plural}</span></span></a>`)}
      ${this.segments.length === 0 ? html`<p class="muted">Filter the list and save it as a segment to keep it here.</p>` : nothing}
    </nav>`;
  }

  columnsMenu() {
    return html`<details class="columns-menu" ?open=${this.columnsOpen} @toggle=${(e) => { this.columnsOpen = e.target.open; }}>
      <summary class="button">Columns</summary>
      <div class="card" style="position:absolute; z-index:10; max-height:60vh; overflow:auto; min-width:220px" role="group" aria-label="Columns shown">
        ${this.columns.filter((c) => !c.always).map((c) => html`<label class="switch"><input type="checkbox" .checked=${this.visible?.has(c.key)}
          @change=${() => this.toggleColumn(c.key)}> ${c.label}</label>`)}
      </div>
    </details>`;
  }

  bulkBar() {
    const count = this.allMatching ? this.total : this.selected.size;
    if (count === 0) return nothing;
    return html`<div class="bulk-bar" role="region" aria-label="Selected">
      <strong>${count.toLocaleString()} selected</strong>
      ${!this.allMatching && this.selected.size === this.rows.length && this.total > this.rows.length
        ? html`<button type="button" class="link" @click=${() => { this.allMatching = true; }}>Select all ${this.total.toLocaleString()} matching</button>` : nothing}
      <button type="button" @click=${() => this.openTagDialog(false)}>Tag</button>
      <button type="button" @click=${() => this.openTagDialog(true)}>Untag</button>
      <button type="button" class="danger" @click=${() => this.bulkDelete()}>Delete</button>
      <button type="button" class="link" @click=${() => { this.selected = new Set(); this.allMatching = false; }}>Clear selection</button>
    </div>`;
  }

  table() {
    const columns = this.shownColumns;
    const sort = this.sort;
    if (!this.busy && this.rows.length === 0 && !this.error) {
      return html`<div class="card empty"><p>${this.query ? `No ${this.plural} match this filter.` : `No ${this.plural} yet.`}</p>
        ${this.query ? html`<a href=${href([this.route.path[0]])}>Show all ${this.plural}</a>` : html`<p>They are created when someone writes in through a channel, imported, or added with “New ${this.model}”.</p>`}</div>`;
    }
    const allChecked = this.rows.length > 0 && this.selected.size === this.rows.length;
    return html`<div class="table-wrap">
      <table class="list" aria-label=${this.model === 'company' ? 'Companies' : 'People'} aria-busy=${this.busy ? 'true' : 'false'}>
        <thead><tr>
          <th class="check" scope="col"><input type="checkbox" aria-label="Select all shown" .checked=${allChecked} @change=${this.toggleAll}></th>
          ${columns.map((c) => html`<th scope="col" aria-sort=${sort && sort.field === c.sort ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
            ${c.sort ? html`<button type="button" class="sort" @click=${() => this.sortBy(c.sort)}>${c.label}${sort && sort.field === c.sort ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}</button>` : c.label}</th>`)}
        </tr></thead>
        <tbody>
          ${repeat(this.rows, (r) => r.id, (r) => html`<tr class=${this.selected.has(r.id) || this.allMatching ? 'selected' : ''}>
            <td class="check"><input type="checkbox" aria-label=${`Select ${r.name || r.id}`} .checked=${this.selected.has(r.id) || this.allMatching}
              @change=${() => this.toggle(r.id)}></td>
            ${columns.map((c) => (c.key === 'name'
              ? html`<td><span class="person-cell">${avatar(r)}<a href=${href([this.route.path[0], r.id])}>${r.name || '(no name)'}</a></span></td>`
              : html`<td title=${c.text ? c.text(r) : String(c.show(r))}>${c.show(r)}</td>`))}
          </tr>`)}
        </tbody>
      </table>
      ${this.cursor ? html`<div class="sentinel" style="height:1px"></div>` : nothing}
      ${this.busy ? html`<p class="loading" role="status">Loading…</p>` : nothing}
      ${this.cursor && !this.busy ? html`<p style="padding:8px"><button type="button" @click=${() => this.load(false)}>Load more</button></p>` : nothing}
    </div>`;
  }

  dialogs() {
    return html`
      <dialog class="bulk-tag" aria-labelledby="bulk-tag-title" @close=${() => { this.dialog = null; }}>
        ${this.dialog === 'tag' || this.dialog === 'untag' ? html`<form @submit=${this.bulkTag} novalidate>
          <h2 id="bulk-tag-title">${this.dialog === 'untag' ? 'Remove a tag' : 'Add a tag'}</h2>
          ${formError(this.dialogError)}
          <div class="field"><label for="bulk-tag-select">Tag</label>
            <select id="bulk-tag-select" name="tag"><option value="">Choose a tag…</option>
              ${this.tags.map((t) => html`<option value=${t.id}>${t.name}</option>`)}</select></div>
          ${this.dialog === 'tag' ? html`<div class="field"><label for="bulk-tag-new">Or a new tag</label>
            <input id="bulk-tag-new" name="new_tag" maxlength="100"></div>` : nothing}
          <div class="actions"><button type="button" @click=${(e) => e.target.closest('dialog').close()}>Cancel</button>
            <button type="submit" class="primary">${this.dialog === 'untag' ? 'Remove' : 'Add'}</button></div>
        </form>` : nothing}
      </dialog>
      <dialog class="save-segment" aria-labelledby="save-segment-title" @close=${() => { this.dialog = null; }}>
        ${this.dialog === 'segment' ? html`<form @submit=${this.saveSegment} novalidate>
          <h2 id="save-segment-title">Save as segment</h2>
          ${formError(this.dialogError, ['name'])}
          <div class="field"><label for="segment-name">Name</label>
            <input id="segment-name" name="name" required maxlength="100" aria-invalid=${invalid(this.dialogError, 'name')}
              aria-describedby="err-name" placeholder="Active customers">${fieldError(this.dialogError, 'name')}</div>
          <div class="actions"><button type="button" @click=${(e) => e.target.closest('dialog').close()}>Cancel</button>
            <button type="submit" class="primary">Save</button></div>
        </form>` : nothing}
      </dialog>
      <dialog class="create" aria-labelledby="create-title" @close=${() => { this.dialog = null; }}>
        ${this.dialog === 'create' ? html`<form @submit=${this.create} novalidate>
          <h2 id="create-title">New ${this.model}</h2>
          ${formError(this.dialogError, ['name', 'emails', 'domain'])}
          <div class="field"><label for="create-name">Name</label>
            <input id="create-name" name="name" maxlength="255" aria-invalid=${invalid(this.dialogError, 'name')} aria-describedby="err-name">
            ${fieldError(this.dialogError, 'name')}</div>
          ${this.model === 'person'
            ? html`<div class="field"><label for="create-email">Email</label><input id="create-email" name="email" type="email"
                aria-invalid=${invalid(this.dialogError, 'emails')} aria-describedby="err-emails">${fieldError(this.dialogError, 'emails')}</div>`
            : html`<div class="field"><label for="create-domain">Domain</label><input id="create-domain" name="domain" placeholder="example.com"
                aria-invalid=${invalid(this.dialogError, 'domain')} aria-describedby="err-domain">${fieldError(this.dialogError, 'domain')}</div>`}
          <div class="actions"><button type="button" @click=${(e) => e.target.closest('dialog').close()}>Cancel</button>
            <button type="submit" class="primary">Create</button></div>
        </form>` : nothing}
      </dialog>`;
  }
}

define('rp-contacts', RpContacts);

