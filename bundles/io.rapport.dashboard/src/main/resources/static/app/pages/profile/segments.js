// The Segments card: the saved segments the profile is in now, each linking to the list of its members.
import { RpElement, define, html, nothing, repeat } from '../../lib.js';
import { api, ApiError, seg } from '../../api.js';
import { href } from '../../router.js';
import { errorText } from '../../ui.js';
import { plural, uid } from './common.js';

class RpProfileSegments extends RpElement {
  static properties = {
    model: {},
    subjectId: {},
    segments: { state: true },
    error: { state: true },
    missing: { state: true },
  };

  constructor() {
    super();
    this.uid = uid('segments');
    this.segments = null;
  }

  connectedCallback() {
    super.connectedCallback();
    if (!this.segments) this.reload();
  }

  async reload() {
    try {
      const list = (await api.get(`/${plural(this.model)}/${seg(this.subjectId)}/segments`)).data;
      this.segments = [...list].sort((a, b) => a.name.localeCompare(b.name));
      this.error = null;
      this.missing = false;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 503)) {
        this.missing = true; // no segments bundle running
        this.segments = [];
      } else {
        this.error = e;
      }
    }
  }

  render() {
    const title = `${this.uid}-title`;
    const list = plural(this.model);
    return html`<section class="card segments-card" aria-labelledby=${title}>
      <header><h2 id=${title}>Segments</h2></header>
      ${this.error ? html`<div class="form-error" role="alert">${errorText(this.error)}</div>` : nothing}
      ${this.segments == null && !this.error ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${this.missing ? html`<p class="muted">Segment membership cannot be shown now.</p>`
        : this.segments?.length === 0 ? html`<p class="muted">Not in any segment.</p>` : nothing}
      ${this.segments?.length ? html`<ul class="segment-list">${repeat(this.segments, (s) => s.id, (s) => html`<li>
        <a href=${href([list], { segment: s.id })}>${s.name}</a>
        <span class="muted count">${s.count == null ? '' : `${s.count.toLocaleString()} ${s.count === 1 ? (this.model === 'company' ? 'company' : 'person') : list}`}</span>
      </li>`)}</ul>` : nothing}
    </section>`;
  }
}

define('rp-profile-segments', RpProfileSegments);
