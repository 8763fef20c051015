// The Activity card: the profile's timeline, newest first, endless (a "Load more" button, and the next page
// loads by itself when the end of the list scrolls into view), filtered by kind with the API's ?type=.
import { RpElement, define, html, nothing, repeat } from '../../lib.js';
import { api, seg } from '../../api.js';
import { EndWatcher, errorText } from '../../ui.js';
import { ago, plural, uid } from './common.js';

const PAGE = 25;

/** The kinds to filter by, and the entry types of each (as ?type= takes them). */
const KINDS = {
  person: [
    { key: '', label: 'All activity' },
    { key: 'changes', label: 'Changes', types: ['created', 'field_changed', 'tag_added', 'tag_removed', 'note_added', 'note_edited', 'note_deleted', 'attribute_set', 'company_linked', 'company_unlinked'] },
    { key: 'conversations', label: 'Conversations', types: ['conversations_opened', 'conversations_message_received', 'conversations_replied', 'conversations_closed', 'conversations_reopened', 'conversations_ticket_marked', 'conversations_ticket_unmarked'] },
    { key: 'events', label: 'Events', types: ['event'] },
    { key: 'segments', label: 'Segments', types: ['segments_entered', 'segments_left'] },
  ],
  company: [
    { key: '', label: 'All activity' },
    { key: 'changes', label: 'Changes', types: ['created', 'field_changed', 'tag_added', 'tag_removed', 'note_added', 'note_edited', 'note_deleted', 'attribute_set'] },
    { key: 'people', label: 'People', types: ['person_linked', 'person_unlinked', 'person_deleted'] },
    { key: 'events', label: 'Events', types: ['event'] },
    { key: 'segments', label: 'Segments', types: ['segments_entered', 'segments_left'] },
  ],
};

/** A short word for the kind of an entry, shown before its summary. */
function kindOf(type) {
  if (type.startsWith('conversations_')) return 'Conversation';
  if (type.startsWith('segments_')) return 'Segment';
  if (type === 'event') return 'Event';
  if (type.startsWith('note_')) return 'Note';
  if (type.startsWith('tag_')) return 'Tag';
  if (type === 'attribute_set') return 'Attribute';
  if (type.startsWith('company_') || type.startsWith('person_')) return 'Link';
  if (type === 'created' || type === 'field_changed') return 'Change';
  return 'Other';
}

function metadata(entry) {
  const m = entry.type === 'event' ? entry.data?.metadata : null;
  if (!m || typeof m !== 'object' || Object.keys(m).length === 0) return nothing;
  return html`<dl class="meta">${Object.entries(m).map(([k, v]) => html`<dt>${k}</dt><dd>${v == null ? '' : String(v)}</dd>`)}</dl>`;
}

class RpProfileTimeline extends RpElement {
  static properties = {
    model: {},
    subjectId: {},
    kind: { state: true },
    entries: { state: true },
    cursor: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.end = new EndWatcher(this, () => this.load(false), '200px');
    this.uid = uid('timeline');
    this.kind = '';
    this.entries = null;
    this.generation = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    if (!this.entries) this.load(true);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.end.stop();
    clearTimeout(this.retry);
  }

  url(cursor) {
    const kind = KINDS[this.model].find((k) => k.key === this.kind);
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (kind?.types) params.set('type', kind.types.join(','));
    if (cursor) params.set('cursor', cursor);
    return `/${plural(this.model)}/${seg(this.subjectId)}/timeline?${params}`;
  }

  async load(fresh) {
    if (!fresh && (!this.cursor || this.busy)) return;
    const generation = fresh ? ++this.generation : this.generation;
    this.busy = true;
    this.error = null;
    try {
      const page = await api.get(this.url(fresh ? null : this.cursor));
      if (generation !== this.generation) return;
      this.entries = fresh ? page.data : [...this.entries, ...page.data];
      this.cursor = page.next_cursor;
    } catch (e) {
      if (generation === this.generation) this.error = e;
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  /**
   * New entries at the top, keeping the pages already shown (entries are never changed or removed, and they
   * appear a moment after the change: when none came yet, it looks once more a second later).
   */
  async reload(again = true) {
    if (!this.entries || this.busy) {
      return this.load(true);
    }
    const generation = this.generation;
    try {
      const page = await api.get(this.url(null));
      if (generation !== this.generation) return;
      const seen = new Set(this.entries.map((e) => e.id));
      const fresh = page.data.filter((e) => !seen.has(e.id));
      if (fresh.length === page.data.length && page.next_cursor) {
        // more came than a page: start again rather than leave a gap
        this.entries = page.data;
        this.cursor = page.next_cursor;
      } else if (fresh.length) {
        this.entries = [...fresh, ...this.entries];
      } else if (again) {
        clearTimeout(this.retry);
        this.retry = setTimeout(() => this.reload(false), 1000);
      }
    } catch (e) {
      this.error = e;
    }
  }

  setKind(kind) {
    this.kind = kind;
    this.entries = null;
    this.cursor = null;
    this.load(true);
  }

  updated() {
    this.end.check();
  }

  render() {
    const title = `${this.uid}-title`;
    const kinds = KINDS[this.model];
    return html`<section class="card timeline-card" aria-labelledby=${title}>
      <header><h2 id=${title}>Activity</h2>
        <label class="visually-hidden" for=${`${this.uid}-kind`}>Show</label>
        <select id=${`${this.uid}-kind`} class="compact" @change=${(e) => this.setKind(e.target.value)}>
          ${kinds.map((k) => html`<option value=${k.key} ?selected=${k.key === this.kind}>${k.label}</option>`)}
        </select></header>
      ${this.error ? html`<div class="form-error" role="alert">${errorText(this.error)}</div>` : nothing}
      ${this.entries?.length === 0 ? html`<p class="muted">${this.kind ? 'Nothing of this kind yet.' : 'No activity yet.'}</p>` : nothing}
      ${this.entries?.length ? html`<ol class="timeline" aria-label="Activity, newest first">
        ${repeat(this.entries, (e) => e.id, (e) => html`<li data-type=${e.type}>
          <div class="tl-summary"><span class="tl-kind">${kindOf(e.type)}</span> ${e.summary}</div>
          ${metadata(e)}
          <div class="muted tl-meta">${e.actor && e.actor !== 'system' ? html`by ${e.actor} · ` : e.actor === 'system' ? 'by Rapport · ' : ''}${ago(e.occurred_at)}</div>
        </li>`)}</ol>` : nothing}
      ${this.cursor ? html`<div class="sentinel" aria-hidden="true"></div>` : nothing}
      ${this.busy ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${this.cursor && !this.busy ? html`<button type="button" @click=${() => this.load(false)}>Load more</button>` : nothing}
    </section>`;
  }
}

define('rp-profile-timeline', RpProfileTimeline);
