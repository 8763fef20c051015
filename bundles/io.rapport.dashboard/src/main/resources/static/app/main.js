// The dashboard's shell: who is signed in (or the setup and sign-in pages), the navigation, the route's
// page (loaded when first needed), quick search (Ctrl/Cmd+K) and live updates.
import { RpElement, define, html, nothing } from './lib.js';
import { api, onSignedOut, setCsrf, ApiError } from './api.js';
import { current, href } from './router.js';
import { startLive, stopLive } from './live.js';
import { errorText } from './ui.js';
import './auth.js';

/** Route name to the module that defines its page, and the page's element. */
const PAGES = {
  people: ['./pages/contacts.js', 'rp-contacts'],
  companies: ['./pages/contacts.js', 'rp-contacts'],
  'people/:id': ['./pages/person.js', 'rp-person'],
  'companies/:id': ['./pages/company.js', 'rp-company'],
  import: ['./pages/import.js', 'rp-import'],
  'settings/data': ['./pages/settings-data.js', 'rp-settings-data'],
  'settings/tags': ['./pages/settings-tags.js', 'rp-settings-tags'],
  'settings/users': ['./pages/settings-users.js', 'rp-settings-users'],
  'settings/account': ['./pages/settings-users.js', 'rp-account'],
};

function pageOf(path) {
  if (path.length === 2 && (path[0] === 'people' || path[0] === 'companies')) {
    return path[0] + '/:id';
  }
  return path.join('/');
}

class RpApp extends RpElement {
  static properties = {
    user: { state: true },
    state: { state: true }, // 'loading', 'setup', 'signin', 'in', 'error'
    route: { state: true },
    loaded: { state: true },
    menuOpen: { state: true },
    problem: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
    this.route = current();
    this.loaded = new Set();
    this.menuOpen = false;
    onSignedOut(() => this.signedOut());
    window.addEventListener('hashchange', () => {
      this.route = current();
      this.menuOpen = false;
      this.load();
    });
    window.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k' && this.state === 'in') {
        e.preventDefault();
        this.openQuickSearch();
      }
    });
    this.addEventListener('rp-signed-in', (e) => this.signedIn(e.detail));
  }

  connectedCallback() {
    this.replaceChildren(); // the page's "Loading" placeholder: Lit renders beside what is there
    super.connectedCallback();
    this.start();
  }

  async start() {
    try {
      const me = await api.get('/session');
      this.signedIn(me);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 404)) {
        try {
          const setup = await api.get('/setup');
          this.state = setup.needed ? 'setup' : 'signin';
        } catch (e2) {
          this.problem = e2;
          this.state = 'error';
        }
      } else {
        this.problem = e;
        this.state = 'error';
      }
    }
  }

  signedIn(user) {
    setCsrf(user.csrf_token);
    this.user = user;
    this.state = 'in';
    startLive();
    import('./extensions.js').then((m) => m.loadExtensions());
    this.load();
  }

  signedOut() {
    stopLive();
    setCsrf(null);
    this.user = null;
    this.state = 'signin';
  }

  async signOut() {
    try {
      await api.del('/session');
    } finally {
      this.signedOut();
    }
  }

  /** Loads the module of the route's page, once. */
  async load() {
    const page = PAGES[pageOf(this.route.path)];
    if (page && !this.loaded.has(page[0])) {
      await import(page[0]);
      this.loaded = new Set([...this.loaded, page[0]]);
    }
  }

  async openQuickSearch() {
    await import('./pages/quick-search.js');
    let dialog = this.querySelector('rp-quick-search');
    if (!dialog) {
      dialog = document.createElement('rp-quick-search');
      this.append(dialog);
    }
    dialog.open();
  }

  updated() {
    const title = { setup: 'Set up Rapport', signin: 'Sign in' }[this.state];
    if (title) {
      document.title = `${title} · Rapport`;
    }
  }

  render() {
    switch (this.state) {
      case 'loading':
        return html`<p class="loading" role="status">Loading Rapport…</p>`;
      case 'setup':
        return html`<rp-setup></rp-setup>`;
      case 'signin':
        return html`<rp-signin></rp-signin>`;
      case 'error':
        return html`<main class="center-page"><div class="card"><h1>Rapport is not answering</h1>
          <p role="alert">${errorText(this.problem)}</p><button class="primary" @click=${() => location.reload()}>Try again</button></div></main>`;
      default:
        return this.shell();
    }
  }

  shell() {
    const path = this.route.path;
    const key = pageOf(path);
    const page = PAGES[key];
    const nav = (target, label) => html`<a href=${href(target)} aria-current=${path.join('/') === target.join('/') || (path[0] === target[0] && target.length === 1 && path.length === 2) ? 'page' : nothing}>${label}</a>`;
    return html`
      <a class="skip-link" href="#main" @click=${(e) => { e.preventDefault(); this.querySelector('#main')?.focus(); }}>Skip to content</a>
      <div class=${this.menuOpen ? 'shell menu-open' : 'shell'}>
        <aside class="sidebar" aria-label="Navigation">
          <div class="brand"><img src="/favicon.svg" alt=""><span>Rapport</span></div>
          <nav aria-label="Main">
            <div class="section" id="nav-contacts">Contacts</div>
            ${nav(['people'], 'People')}
            ${nav(['companies'], 'Companies')}
            ${nav(['import'], 'Import')}
            <div class="section">Settings</div>
            ${nav(['settings', 'data'], 'Data')}
            ${nav(['settings', 'tags'], 'Tags')}
            ${this.user.role === 'admin' ? nav(['settings', 'users'], 'Users') : nothing}
            ${nav(['settings', 'account'], 'Your account')}
          </nav>
          <div class="user">
            <div>${this.user.name}</div>
            <div class="muted" style="color:#aab2c8">${this.user.email} · ${this.user.role}</div>
            <button type="button" @click=${() => this.signOut()}>Sign out</button>
          </div>
        </aside>
        <div class="main">
          <header class="topbar">
            <button type="button" class="menu-toggle icon" aria-label="Menu" aria-expanded=${this.menuOpen ? 'true' : 'false'}
              @click=${() => { this.menuOpen = !this.menuOpen; }}>☰</button>
            <button type="button" class="quick" @click=${() => this.openQuickSearch()} aria-keyshortcuts="Control+K Meta+K">
              <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M11 11l4 4" stroke="currentColor" stroke-width="2"/></svg>
              Search people and companies <kbd class="muted">Ctrl K</kbd></button>
          </header>
          <main class="content" id="main" tabindex="-1">
            ${page && this.loaded.has(page[0]) ? this.page(page[1], path) : !page
              ? html`<h1>Not found</h1><p>There is no page at this address. <a href=${href(['people'])}>Go to People</a>.</p>`
              : html`<p class="loading" role="status">Loading…</p>`}
          </main>
        </div>
      </div>`;
  }

  page(element, path) {
    // a new element for each page kind; the same element gets the new route
    const el = document.createElement(element);
    el.route = this.route;
    el.user = this.user;
    const existing = this.querySelector(`#main > ${element}`);
    if (existing && existing.dataset.page === path.slice(0, path[0] === 'people' || path[0] === 'companies' ? 2 : path.length).join('/')) {
      existing.route = this.route;
      existing.user = this.user;
      return existing;
    }
    el.dataset.page = path.slice(0, path[0] === 'people' || path[0] === 'companies' ? 2 : path.length).join('/');
    return el;
  }
}

define('rp-app', RpApp);
