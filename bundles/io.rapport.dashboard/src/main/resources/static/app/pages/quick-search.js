// Quick search (Ctrl/Cmd+K and the top bar's button): people by name, email or phone and companies by name
// or domain, searched together as you type. A combobox: the arrow keys move through the results, Enter
// opens one, Escape closes.
import { RpElement, define, html, nothing } from '../lib.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { avatar, debounce, errorText } from '../ui.js';
import { plural } from './settings/forms.js';

const LIMIT = 6;

/** The text with the parts that match q marked. */
function highlight(text, q) {
  if (!text || !q) return text || '';
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  const parts = [];
  let from = 0;
  let at = lower.indexOf(needle);
  while (at >= 0 && parts.length < 20) {
    parts.push(text.slice(from, at), html`<mark>${text.slice(at, at + needle.length)}</mark>`);
    from = at + needle.length;
    at = lower.indexOf(needle, from);
  }
  parts.push(text.slice(from));
  return parts;
}

class RpQuickSearch extends RpElement {
  static properties = {
    q: { state: true },
    results: { state: true },
    active: { state: true },
    busy: { state: true },
    error: { state: true },
    searched: { state: true }, // the query the results are for
  };

  constructor() {
    super();
    this.q = '';
    this.results = [];
    this.active = -1;
    this.generation = 0;
    this.searchSoon = debounce(() => this.search(), 150);
  }

  /** Opens the dialog (again) with the cursor in the field. */
  async open() {
    await this.updateComplete;
    const dialog = this.querySelector('dialog');
    if (!dialog.open) {
      dialog.showModal();
    }
    const input = this.querySelector('#qs-input');
    input.focus();
    input.select();
  }

  close() {
    this.querySelector('dialog')?.close();
  }

  onClosed() {
    this.generation++;
    this.controller?.abort();
    this.q = '';
    this.results = [];
    this.searched = '';
    this.active = -1;
    this.busy = false;
    this.error = null;
  }

  onInput(e) {
    this.q = e.target.value;
    if (!this.q.trim()) {
      this.generation++;
      this.controller?.abort();
      this.results = [];
      this.searched = '';
      this.active = -1;
      this.busy = false;
      this.error = null;
      return;
    }
    this.searchSoon();
  }

  async search() {
    const q = this.q.trim();
    if (!q) return;
    const generation = ++this.generation;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.busy = true;
    const queries = this.queries(q);
    const [people, companies] = await Promise.allSettled([
      api.post('/people/search', { query: queries.people, limit: LIMIT }, { signal: controller.signal }),
      api.post('/companies/search', { query: queries.companies, limit: LIMIT }, { signal: controller.signal }),
    ]);
    if (generation !== this.generation) return;
    const results = [];
    if (people.status === 'fulfilled') {
      results.push(...people.value.data.map((p) => ({
        id: p.id, kind: 'person', subject: p, name: p.name || p.emails?.[0] || '(no name)',
        secondary: p.name ? p.emails?.[0] || p.phones?.[0] || '' : p.phones?.[0] || '', hash: `#/people/${encodeURIComponent(p.id)}`,
      })));
    }
    if (companies.status === 'fulfilled') {
      results.push(...companies.value.data.map((c) => ({
        id: c.id, kind: 'company', subject: c, name: c.name || c.domain || '(no name)',
        secondary: c.domain || c.website || '', hash: `#/companies/${encodeURIComponent(c.id)}`,
      })));
    }
    const failed = [people, companies].find((r) => r.status === 'rejected');
    this.error = failed && results.length === 0 ? failed.reason : null;
    this.results = results;
    this.counts = {
      people: people.status === 'fulfilled' ? people.value.total : null,
      companies: companies.status === 'fulfilled' ? companies.value.total : null,
    };
    this.searched = q;
    this.active = results.length ? 0 : -1;
    this.busy = false;
  }

  /** The search queries for a text: people by name, email or phone; companies by name or domain. */
  queries(q) {
    const contains = (field) => ({ field, operator: 'contains', value: q });
    return {
      people: { or: [contains('name'), contains('emails'), contains('phones')] },
      companies: { or: [contains('name'), contains('domain')] },
    };
  }

  onKeydown(e) {
    const n = this.results.length;
    switch (e.key) {
      case 'ArrowDown':
        if (n) this.moveTo((this.active + 1) % n);
        e.preventDefault();
        break;
      case 'ArrowUp':
        if (n) this.moveTo((this.active - 1 + n) % n);
        e.preventDefault();
        break;
      case 'Enter': {
        e.preventDefault();
        const r = this.results[this.active >= 0 ? this.active : 0];
        if (r && this.searched === this.q.trim()) {
          this.go(r);
        } else if (this.q.trim()) {
          this.enterPending = true; // the results are on their way: open the first when they come
          this.search().then(() => {
            if (this.enterPending && this.results[0]) this.go(this.results[0]);
            this.enterPending = false;
          });
        }
        break;
      }
      default:
        this.enterPending = false;
    }
  }

  async moveTo(index) {
    this.active = index;
    await this.updateComplete;
    this.querySelector(`#qs-opt-${index}`)?.scrollIntoView({ block: 'nearest' });
  }

  go(result) {
    this.close();
    location.hash = result.hash;
  }

  status() {
    if (!this.q.trim()) return 'Type a name, an email, a phone number or a domain.';
    if (this.busy && !this.searched) return 'Searching…';
    if (this.error) return '';
    if (!this.searched) return '';
    if (this.results.length === 0) return `Nothing matches “${this.searched}”.`;
    const p = this.results.filter((r) => r.kind === 'person').length;
    const c = this.results.length - p;
    return `${plural(this.counts?.people ?? p, 'person', 'people')} and ${plural(this.counts?.companies ?? c, 'company', 'companies')} match.`;
  }

  /** Links to the full lists, filtered, when they hold more than is shown here. */
  moreLinks() {
    if (!this.searched || !this.counts) return nothing;
    const p = this.results.filter((r) => r.kind === 'person').length;
    const c = this.results.length - p;
    const queries = this.queries(this.searched);
    const links = [];
    if ((this.counts.people ?? 0) > p) {
      links.push(html`<a href=${href(['people'], { q: JSON.stringify(queries.people) })} @click=${() => this.close()}>All ${plural(this.counts.people, 'person', 'people')}</a>`);
    }
    if ((this.counts.companies ?? 0) > c) {
      links.push(html`<a href=${href(['companies'], { q: JSON.stringify(queries.companies) })} @click=${() => this.close()}>All ${plural(this.counts.companies, 'company', 'companies')}</a>`);
    }
    return links.length ? html`<p class="qs-more">${links}</p>` : nothing;
  }

  render() {
    const open = this.results.length > 0;
    const q = this.searched;
    return html`<dialog class="quick-search" aria-labelledby="qs-title" @close=${() => this.onClosed()}
      @click=${(e) => { if (e.target === e.currentTarget) this.close(); }}>
      <div class="dialog-body">
        <div class="qs-head">
          <h2 id="qs-title" class="visually-hidden">Search people and companies</h2>
          <label for="qs-input" class="visually-hidden">Search people and companies</label>
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16"><circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M11 11l4 4" stroke="currentColor" stroke-width="2"/></svg>
          <input id="qs-input" type="text" role="combobox" autocomplete="off" spellcheck="false" placeholder="Search people and companies"
            aria-autocomplete="list" aria-controls="qs-list" aria-expanded=${open ? 'true' : 'false'}
            aria-activedescendant=${open && this.active >= 0 ? `qs-opt-${this.active}` : nothing} aria-describedby="qs-status"
            .value=${this.q} @input=${this.onInput} @keydown=${this.onKeydown}>
          <button type="button" class="icon" @click=${() => this.close()}><span class="visually-hidden">Close search</span><span aria-hidden="true">Esc</span></button>
        </div>
        ${open ? html`<ul id="qs-list" class="quick-results" role="listbox" aria-label="Results">
          ${this.results.map((r, i) => html`<li role="presentation">
            <a id=${`qs-opt-${i}`} role="option" tabindex="-1" href=${r.hash} aria-selected=${i === this.active ? 'true' : 'false'}
              @click=${() => this.close()} @mousemove=${() => { if (this.active !== i) this.active = i; }}>
              ${avatar(r.subject)}
              <span class="qs-text"><span class="qs-name">${highlight(r.name, q)}</span>
                ${r.secondary ? html`<span class="qs-secondary">${highlight(r.secondary, q)}</span>` : nothing}</span>
              <span class="qs-kind">${r.kind === 'person' ? 'Person' : 'Company'}</span>
            </a></li>`)}
        </ul>` : nothing}
        ${this.error ? html`<div class="form-error" role="alert">${errorText(this.error)}</div>` : nothing}
        <p id="qs-status" class="qs-status muted" role="status" aria-live="polite">${this.status()}</p>
        ${this.moreLinks()}
        <p class="qs-keys muted" aria-hidden="true"><kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close</p>
      </div>
    </dialog>`;
  }
}

define('rp-quick-search', RpQuickSearch);
