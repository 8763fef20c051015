// The Tags card: the profile's tags as chips (each with a remove button), and "Add tag", a combobox over the
// existing tags that also creates a new tag from the name typed.
import { RpElement, define, html, nothing } from '../../lib.js';
import { api, ApiError, seg } from '../../api.js';
import { errorText, tagChip, toast } from '../../ui.js';
import { plural, uid } from './common.js';
import './combobox.js';

class RpProfileTags extends RpElement {
  static properties = {
    model: {},
    subjectId: {},
    tags: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.uid = uid('tags');
    this.tags = null;
    this.all = null; // every tag, read when the combobox is first used
    this.search = (text) => this.suggest(text);
  }

  connectedCallback() {
    super.connectedCallback();
    if (!this.tags) this.reload();
  }

  get base() {
    return `/${plural(this.model)}/${seg(this.subjectId)}/tags`;
  }

  async reload() {
    try {
      this.tags = (await api.get(this.base)).data;
    } catch (e) {
      this.error = e;
    }
  }

  /** Whether a tag change elsewhere concerns this card. */
  has(tagId) {
    return !!this.tags?.some((t) => t.id === tagId);
  }

  /** Forgets the list of all tags (a tag was created, renamed or deleted). */
  forget() {
    this.all = null;
  }

  async allTags() {
    if (!this.all) {
      const all = [];
      let cursor = null;
      do {
        const page = await api.get(`/tags?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        all.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor && all.length < 2000);
      this.all = all;
    }
    return this.all;
  }

  async suggest(text) {
    const all = await this.allTags();
    const mine = new Set((this.tags || []).map((t) => t.id));
    const lower = text.toLowerCase();
    const matches = all.filter((t) => !mine.has(t.id) && t.name.toLowerCase().includes(lower))
      .sort((a, b) => (b.name.toLowerCase().startsWith(lower) - a.name.toLowerCase().startsWith(lower)) || a.name.localeCompare(b.name))
      .slice(0, 20)
      .map((t) => ({ id: t.id, label: t.name, tag: t, exact: t.name.toLowerCase() === lower, prefix: html`<span class="dot" style=${`background:${t.color || '#8a94a6'}`}></span>` }));
    const exists = all.some((t) => t.name.toLowerCase() === lower);
    if (text && !exists) matches.push({ id: '', label: `Create tag “${text}”`, create: text });
    return matches;
  }

  async pick(item) {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      let tag = item.tag;
      if (item.create) {
        tag = await api.post('/tags', { name: item.create });
        this.all = null;
      }
      await api.put(`${this.base}/${seg(tag.id)}`);
      this.tags = [...(this.tags || []).filter((t) => t.id !== tag.id), tag].sort((a, b) => a.name.localeCompare(b.name));
      toast(item.create ? `Created the tag ${tag.name} and added it.` : `Added the tag ${tag.name}.`);
      this.dispatchEvent(new CustomEvent('rp-changed', { detail: { segments: true }, bubbles: true }));
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  async untag(tag) {
    this.error = null;
    try {
      await api.del(`${this.base}/${seg(tag.id)}`);
      this.tags = this.tags.filter((t) => t.id !== tag.id);
      toast(`Removed the tag ${tag.name}.`);
      this.querySelector('rp-combobox input')?.focus();
      this.dispatchEvent(new CustomEvent('rp-changed', { detail: { segments: true }, bubbles: true }));
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    const title = `${this.uid}-title`;
    const message = this.error instanceof ApiError ? (this.error.field('name') || errorText(this.error)) : this.error ? errorText(this.error) : null;
    return html`<section class="card tags-card" aria-labelledby=${title}>
      <header><h2 id=${title}>Tags</h2></header>
      ${this.tags == null && !this.error ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${this.tags?.length === 0 ? html`<p class="muted">No tags yet.</p>` : nothing}
      ${this.tags?.length ? html`<ul class="chips" aria-label="Tags">${this.tags.map((t) => html`<li>${tagChip(t, () => this.untag(t))}</li>`)}</ul>` : nothing}
      <rp-combobox label="Add Tag" placeholder="Find or create a tag" .search=${this.search}
        @rp-pick=${(e) => this.pick(e.detail)}></rp-combobox>
      ${message ? html`<div class="field-error" role="alert">${message}</div>` : nothing}
    </section>`;
  }
}

define('rp-profile-tags', RpProfileTags);
