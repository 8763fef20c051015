// The links between people and companies, from either side: a person's Companies card and a company's
// People card. Each linked profile links to its page and has an Unlink button; "Link company" / "Link
// person" searches by name (and email, for people) and links the one picked.
import { RpElement, define, html, nothing, repeat } from '../../lib.js';
import { api, seg } from '../../api.js';
import { href } from '../../router.js';
import { avatar, errorText, toast } from '../../ui.js';
import { displayName, uid } from './common.js';
import './combobox.js';

const PAGE = 50;

class RpProfileLinks extends RpElement {
  static properties = {
    model: {}, // the profile's model: 'person' shows its companies, 'company' its people
    subjectId: {},
    subjectName: {},
    items: { state: true },
    cursor: { state: true },
    total: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.uid = uid('links');
    this.items = null;
    this.search = (text) => this.suggest(text);
  }

  connectedCallback() {
    super.connectedCallback();
    if (!this.items) this.reload();
  }

  get other() {
    return this.model === 'person' ? 'company' : 'person';
  }

  get listPath() {
    return this.model === 'person' ? `/people/${seg(this.subjectId)}/companies` : `/companies/${seg(this.subjectId)}/people`;
  }

  linkPath(otherId) {
    return this.model === 'person'
      ? `/companies/${seg(otherId)}/people/${seg(this.subjectId)}`
      : `/companies/${seg(this.subjectId)}/people/${seg(otherId)}`;
  }

  /** Whether a change to this profile concerns the card. */
  has(id) {
    return !!this.items?.some((i) => i.id === id);
  }

  async reload() {
    try {
      // a person's companies come in one page (the path takes no parameters); a company's people are paged
      const shown = Math.min(200, Math.max(PAGE, this.items?.length || 0));
      const page = await api.get(this.model === 'person' ? this.listPath : `${this.listPath}?limit=${shown}`);
      this.items = page.data;
      this.cursor = page.next_cursor;
      this.error = null;
    } catch (e) {
      this.error = e;
    }
  }

  async more() {
    try {
      const page = await api.get(`${this.listPath}?limit=${PAGE}&cursor=${encodeURIComponent(this.cursor)}`);
      const seen = new Set(this.items.map((i) => i.id));
      this.items = [...this.items, ...page.data.filter((i) => !seen.has(i.id))];
      this.cursor = page.next_cursor;
    } catch (e) {
      this.error = e;
    }
  }

  async suggest(text) {
    if (!text) return [];
    const query = this.other === 'company'
      ? { or: [{ field: 'name', operator: 'contains', value: text }, { field: 'domain', operator: 'contains', value: text }] }
      : { or: [{ field: 'name', operator: 'contains', value: text }, { field: 'emails', operator: 'contains', value: text }] };
    const page = await api.post(this.other === 'company' ? '/companies/search' : '/people/search', { query, limit: 8 });
    const linked = new Set((this.items || []).map((i) => i.id));
    return page.data.map((r) => ({
      id: r.id, label: displayName(r, this.other), record: r,
      detail: linked.has(r.id) ? 'already linked' : this.other === 'company' ? r.domain || r.industry || '' : (r.emails || [])[0] || '',
      prefix: avatar(r),
    }));
  }

  async link(item) {
    if (this.busy) return;
    if (this.has(item.id)) {
      toast(`${item.label} is already linked.`);
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      await api.put(this.linkPath(item.id));
      this.items = [item.record, ...(this.items || [])];
      toast(`Linked ${item.label}.`);
      this.dispatchEvent(new CustomEvent('rp-changed', { detail: { segments: true }, bubbles: true }));
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  async unlink(item) {
    this.error = null;
    try {
      await api.del(this.linkPath(item.id));
      this.items = this.items.filter((i) => i.id !== item.id);
      toast(`Unlinked ${displayName(item, this.other)}.`);
      this.querySelector('rp-combobox input')?.focus();
      this.dispatchEvent(new CustomEvent('rp-changed', { detail: { segments: true }, bubbles: true }));
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    const title = `${this.uid}-title`;
    const noun = this.other === 'company' ? 'Companies' : 'People';
    const route = this.other === 'company' ? 'companies' : 'people';
    return html`<section class="card links-card" aria-labelledby=${title}>
      <header><h2 id=${title}>${noun}</h2></header>
      ${this.items == null && !this.error ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${this.items?.length === 0 ? html`<p class="muted">${this.other === 'company' ? 'Not linked to any company.' : 'Nobody is linked to this company.'}</p>` : nothing}
      ${this.items?.length ? html`<ul class="link-list" aria-label=${noun}>
        ${repeat(this.items, (i) => i.id, (i) => html`<li>
          ${avatar(i)}
          <span class="link-text"><a href=${href([route, i.id])}>${displayName(i, this.other)}</a>
            <span class="muted">${this.other === 'company' ? i.domain || i.industry || '' : (i.emails || [])[0] || ''}</span></span>
          <button type="button" class="link" aria-label=${`Unlink ${displayName(i, this.other)}`} @click=${() => this.unlink(i)}>Unlink</button>
        </li>`)}</ul>` : nothing}
      ${this.cursor ? html`<button type="button" @click=${this.more}>Show more</button>` : nothing}
      <rp-combobox label=${this.other === 'company' ? 'Link company' : 'Link person'}
        placeholder=${this.other === 'company' ? 'Search companies by name or domain' : 'Search people by name or email'}
        .search=${this.search} @rp-pick=${(e) => this.link(e.detail)}></rp-combobox>
      ${this.error ? html`<div class="form-error" role="alert">${errorText(this.error)}</div>` : nothing}
    </section>`;
  }
}

define('rp-profile-links', RpProfileLinks);
