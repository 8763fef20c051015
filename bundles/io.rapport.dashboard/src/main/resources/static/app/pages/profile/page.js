// What the person and company pages share: reading the profile (with its ETag), the header, deleting, and
// following the change stream: a change that concerns the profile reloads the cards it touches (gathered
// for 300 ms, so a burst of changes reloads each card once), and a deleted profile says so.
import { RpElement, html, nothing } from '../../lib.js';
import { api, ApiError, request, seg } from '../../api.js';
import { go, href } from '../../router.js';
import { onChange } from '../../live.js';
import { avatar, confirmDialog, errorText, toast } from '../../ui.js';
import { displayName, plural } from './common.js';
import './details.js';
import './attributes.js';
import './tags.js';
import './notes.js';
import './links.js';
import './timeline.js';
import './segments.js';

export class ProfilePage extends RpElement {
  static properties = {
    route: { attribute: false },
    user: { attribute: false },
    subject: { state: true },
    etag: { state: true },
    loadError: { state: true },
    deleted: { state: true },
  };

  /** 'person' or 'company' (set by the subclass). */
  get model() {
    return 'person';
  }

  get subjectId() {
    return this.route?.path?.[1];
  }

  get path() {
    return `/${plural(this.model)}/${seg(this.subjectId)}`;
  }

  constructor() {
    super();
    this.pending = new Set();
    this.timer = null;
    this.onRefresh = () => this.reloadSubject();
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopLive = onChange((change) => this.changed(change));
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
    clearTimeout(this.timer);
  }

  willUpdate(changed) {
    if (changed.has('route') && this.subjectId !== this.loadedId) {
      this.loadedId = this.subjectId;
      this.subject = null;
      this.etag = null;
      this.loadError = null;
      this.deleted = false;
      this.reloadSubject();
    }
  }

  async reloadSubject() {
    const id = this.subjectId;
    try {
      const answer = await request('GET', this.path);
      if (id !== this.subjectId) return;
      this.subject = answer.body;
      this.etag = answer.etag;
      this.loadError = null;
    } catch (e) {
      if (id !== this.subjectId) return;
      if (e instanceof ApiError && e.status === 404 && this.subject) {
        this.deleted = true;
      } else {
        this.loadError = e;
      }
    }
  }

  updated(changed) {
    if (changed.has('subject') || changed.has('deleted') || changed.has('loadError')) {
      const noun = this.model === 'company' ? 'Company' : 'Person';
      const name = this.deleted ? `${noun} deleted` : this.subject ? displayName(this.subject, this.model)
        : this.loadError ? `${noun} not found` : noun;
      document.title = `${name} · Rapport`;
    }
  }

  // ---- live updates

  /** The cards a change of the change stream concerns (their names), by the subclass's rules. */
  affected(change) { // eslint-disable-line no-unused-vars -- the subclasses read it
    return [];
  }

  /** Rules both pages share: tags, attribute definitions and segments changed elsewhere. */
  sharedAffected(change, out) {
    const t = change.topic || '';
    const d = change.data || {};
    if (t.startsWith('rapport/tags/') && !change.model) {
      out.add('tag-list');
      if (this.card('rp-profile-tags')?.has(change.subject_id)) out.add('tags');
    }
    if (t.startsWith('rapport/attributes/DEFINITION') && (d.model === this.model || d.entity?.model === this.model)) {
      out.add('attribute-definitions');
    }
    if (t.startsWith('rapport/segments/') && !change.model) {
      out.add('segments');
    }
  }

  changed(change) {
    if (!this.subject || this.deleted) return;
    const id = this.subjectId;
    const t = change.topic || '';
    if (change.subject_id === id && t === `rapport/${plural(this.model)}/DELETED`) {
      if (!this.deleting) this.deleted = true;
      return;
    }
    const out = new Set(this.affected(change));
    this.sharedAffected(change, out);
    if (out.size > 0) this.schedule(out);
  }

  card(selector) {
    return this.querySelector(selector);
  }

  flush() {
    const names = [...this.pending];
    this.pending.clear();
    for (const name of names) {
      switch (name) {
        case 'subject': this.reloadSubject(); break;
        case 'tags': this.card('rp-profile-tags')?.reload(); break;
        case 'tag-list': this.card('rp-profile-tags')?.forget(); break;
        case 'notes': this.card('rp-profile-notes')?.reload(); break;
        case 'links': this.card('rp-profile-links')?.reload(); break;
        case 'timeline': this.card('rp-profile-timeline')?.reload(); break;
        case 'segments': this.card('rp-profile-segments')?.reload(); break;
        case 'attribute-definitions': this.card('rp-profile-attributes')?.reload(); break;
        case 'conversations': this.card('rp-profile-conversations')?.reload(); break;
        case 'insights': this.card('rp-company-insights')?.reload(); break;
        default:
      }
    }
  }

  // ---- actions

  onSaved(e) {
    this.subject = { ...this.subject, ...e.detail.record };
    this.etag = e.detail.etag;
    if (!e.detail.quiet) this.schedule(['timeline', 'segments']);
  }

  onAttributes(e) {
    const { record, etag } = e.detail;
    this.subject = { ...this.subject, attributes: record.attributes || {}, attribute_status: record.attribute_status || {} };
    if (etag) this.etag = etag;
    this.schedule(['timeline', 'segments']);
  }

  /**
   * A card changed something itself: its entry on the timeline (and segments it may enter or leave) show
   * without waiting for the change stream, which may be cut off by a proxy.
   */
  onLocalChange(e) {
    this.schedule(e.detail?.segments ? ['timeline', 'segments'] : ['timeline']);
  }

  schedule(names) {
    names.forEach((n) => this.pending.add(n));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), 300);
  }

  async deleteProfile() {
    const name = displayName(this.subject, this.model);
    const what = this.model === 'company'
      ? `Delete the company ${name}? Its notes, tags, attribute values, timeline and links to people go with it; the people stay.`
      : `Delete ${name}? Their conversations, notes, tags, attribute values and timeline go with them.`;
    if (!(await confirmDialog(what))) return;
    this.deleting = true;
    try {
      await api.del(this.path);
      toast(`Deleted ${name}.`);
      go([plural(this.model)]);
    } catch (e) {
      this.deleting = false;
      toast(errorText(e), { error: true });
    }
  }

  // ---- rendering

  render() {
    const list = plural(this.model);
    const noun = this.model === 'company' ? 'company' : 'person';
    const back = html`<a href=${href([list])}>Back to ${list}</a>`;
    if (this.deleted) {
      return html`<div class="card profile-gone" role="alert"><h1>This ${noun} was deleted</h1>
        <p>Someone deleted ${this.subject ? displayName(this.subject, this.model) : `this ${noun}`} while you were looking. ${back}.</p></div>`;
    }
    if (this.loadError) {
      const notFound = this.loadError instanceof ApiError && this.loadError.status === 404;
      return html`<div class="card profile-gone"><h1>${notFound ? `No such ${noun}` : `The ${noun} could not be read`}</h1>
        <p role="alert">${notFound ? `There is no ${noun} with this id; it may have been deleted.` : errorText(this.loadError)}</p>
        <p>${notFound ? nothing : html`<button type="button" @click=${this.onRefresh}>Try again</button> `}${back}.</p></div>`;
    }
    if (!this.subject) {
      return html`<p class="loading" role="status">Loading…</p>`;
    }
    const s = this.subject;
    return html`
      <nav class="crumbs" aria-label="Breadcrumb"><a href=${href([list])}>${this.model === 'company' ? 'Companies' : 'People'}</a></nav>
      <div class="page-head profile-head">
        ${avatar(s, true)}
        <div class="profile-title">
          <h1>${displayName(s, this.model)}</h1>
          <div class="muted">${this.subline(s)}</div>
        </div>
        <span class="spacer"></span>
        <button type="button" class="danger" @click=${this.deleteProfile}>Delete ${noun}</button>
      </div>
      <div class="grid-2 profile-grid" @rp-saved=${this.onSaved} @rp-reload=${this.onRefresh} @rp-attributes=${this.onAttributes} @rp-changed=${this.onLocalChange}>
        ${this.layout(s)}
      </div>`;
  }

  subline() {
    return '';
  }

  /** The cards, in two columns (subclass). */
  layout() {
    return nothing;
  }
}
