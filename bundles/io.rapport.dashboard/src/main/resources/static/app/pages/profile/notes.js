// The Notes card: the team's notes on the profile, newest first, with their author and time; a form to add
// one; edit and delete for the note's author (the token or user that wrote it) and for admins.
import { RpElement, define, html, nothing, repeat } from '../../lib.js';
import { api, ApiError, seg } from '../../api.js';
import { confirmDialog, errorText, toast } from '../../ui.js';
import { ago, plural, uid } from './common.js';

const PAGE = 20;

class RpProfileNotes extends RpElement {
  static properties = {
    model: {},
    subjectId: {},
    user: { attribute: false },
    notes: { state: true },
    cursor: { state: true },
    total: { state: true },
    text: { state: true },
    addError: { state: true },
    loadError: { state: true },
    editing: { state: true }, // note id
    editText: { state: true },
    editError: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.uid = uid('notes');
    this.notes = null;
    this.text = '';
  }

  connectedCallback() {
    super.connectedCallback();
    if (!this.notes) this.reload();
  }

  get base() {
    return `/${plural(this.model)}/${seg(this.subjectId)}/notes`;
  }

  /** The first page again (keeping as many notes as were shown). */
  async reload() {
    try {
      const shown = Math.min(200, Math.max(PAGE, this.notes?.length || 0));
      const page = await api.get(`${this.base}?limit=${shown}`);
      this.notes = page.data;
      this.cursor = page.next_cursor;
      this.loadError = null;
    } catch (e) {
      this.loadError = e;
    }
  }

  async more() {
    if (!this.cursor) return;
    try {
      const page = await api.get(`${this.base}?limit=${PAGE}&cursor=${encodeURIComponent(this.cursor)}`);
      const seen = new Set(this.notes.map((n) => n.id));
      this.notes = [...this.notes, ...page.data.filter((n) => !seen.has(n.id))];
      this.cursor = page.next_cursor;
    } catch (e) {
      this.loadError = e;
    }
  }

  mayChange(note) {
    return this.user?.role === 'admin' || (this.user && note.author?.token_id === this.user.id);
  }

  async add(e) {
    e.preventDefault();
    if (!this.text.trim()) {
      this.addError = new ApiError(400, { detail: 'Write something first.', errors: [{ field: 'body', message: 'Write something first.' }] });
      return;
    }
    this.busy = 'add';
    this.addError = null;
    try {
      const note = await api.post(this.base, { body: this.text });
      this.notes = [note, ...(this.notes || []).filter((n) => n.id !== note.id)];
      this.text = '';
      toast('Note added.');
      this.dispatchEvent(new CustomEvent('rp-changed', { bubbles: true }));
    } catch (err) {
      this.addError = err;
    } finally {
      this.busy = null;
    }
  }

  startEdit(note) {
    this.editing = note.id;
    this.editText = note.body;
    this.editError = null;
    this.updateComplete.then(() => this.querySelector(`#${this.uid}-edit`)?.focus());
  }

  stopEdit(id) {
    this.editing = null;
    this.editError = null;
    this.updateComplete.then(() => this.querySelector(`[data-note="${id}"] .note-edit`)?.focus());
  }

  async saveEdit(e, note) {
    e.preventDefault();
    if (!this.editText.trim()) {
      this.editError = new ApiError(400, { detail: 'A note cannot be empty; delete it instead.', errors: [{ field: 'body', message: 'A note cannot be empty; delete it instead.' }] });
      return;
    }
    this.busy = note.id;
    try {
      const saved = await api.patch(`/notes/${seg(note.id)}`, { body: this.editText });
      this.notes = this.notes.map((n) => (n.id === saved.id ? saved : n));
      this.stopEdit(note.id);
      toast('Note saved.');
      this.dispatchEvent(new CustomEvent('rp-changed', { bubbles: true }));
    } catch (err) {
      this.editError = err;
    } finally {
      this.busy = null;
    }
  }

  async deleteNote(note) {
    if (!(await confirmDialog('Delete this note?'))) return;
    try {
      await api.del(`/notes/${seg(note.id)}`);
      this.notes = this.notes.filter((n) => n.id !== note.id);
      toast('Note deleted.');
      this.querySelector(`#${this.uid}-new`)?.focus();
      this.dispatchEvent(new CustomEvent('rp-changed', { bubbles: true }));
    } catch (err) {
      toast(errorText(err), { error: true });
    }
  }

  render() {
    const title = `${this.uid}-title`;
    const addErr = this.addError instanceof ApiError ? this.addError.field('body') : null;
    return html`<section class="card notes-card" aria-labelledby=${title}>
      <header><h2 id=${title}>Notes</h2></header>
      <form class="note-add" @submit=${this.add} novalidate>
        <label for=${`${this.uid}-new`}>New note</label>
        <textarea id=${`${this.uid}-new`} rows="3" .value=${this.text} @input=${(e) => { this.text = e.target.value; }}
          placeholder="Write a note for the team" aria-invalid=${addErr ? 'true' : 'false'} aria-describedby=${addErr ? `${this.uid}-new-err` : nothing}
          @keydown=${(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) this.add(e); }}></textarea>
        ${addErr ? html`<div class="field-error" id=${`${this.uid}-new-err`} role="alert">${addErr}</div>`
          : this.addError ? html`<div class="form-error" role="alert">${errorText(this.addError)}</div>` : nothing}
        <div class="row"><button type="submit" class="primary" ?disabled=${this.busy === 'add'}>${this.busy === 'add' ? 'Adding…' : 'Add Note'}</button></div>
      </form>
      ${this.loadError ? html`<div class="form-error" role="alert">${errorText(this.loadError)}</div>` : nothing}
      ${this.notes == null && !this.loadError ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${this.notes?.length === 0 ? html`<p class="muted">No notes yet.</p>` : nothing}
      ${this.notes?.length ? html`<ul class="note-list" aria-label="Notes, newest first">
        ${repeat(this.notes, (n) => n.id, (n) => this.note(n))}</ul>` : nothing}
      ${this.cursor ? html`<button type="button" @click=${this.more}>Show older notes</button>` : nothing}
    </section>`;
  }

  note(n) {
    const editing = this.editing === n.id;
    const mine = this.user && n.author?.token_id === this.user.id;
    const err = this.editError instanceof ApiError ? this.editError.field('body') : null;
    return html`<li class="note" data-note=${n.id}>
      <div class="note-meta">
        <strong>${n.author?.name || 'Someone'}</strong>${mine ? html` <span class="muted">(you)</span>` : nothing}
        <span class="muted">· ${ago(n.created_at)}${n.edited_at ? html` · <span title=${`Edited ${new Date(n.edited_at).toLocaleString()}`}>edited</span>` : nothing}</span>
        ${!editing && this.mayChange(n) ? html`<span class="note-actions">
          <button type="button" class="link note-edit" aria-label=${`Edit note by ${n.author?.name || 'someone'}`} @click=${() => this.startEdit(n)}>Edit</button>
          <button type="button" class="link danger-link" aria-label=${`Delete note by ${n.author?.name || 'someone'}`} @click=${() => this.deleteNote(n)}>Delete</button>
        </span>` : nothing}
      </div>
      ${editing ? html`<form @submit=${(e) => this.saveEdit(e, n)} novalidate
          @keydown=${(e) => { if (e.key === 'Escape') { e.preventDefault(); this.stopEdit(n.id); } }}>
        <label class="visually-hidden" for=${`${this.uid}-edit`}>Edit note</label>
        <textarea id=${`${this.uid}-edit`} rows="4" .value=${this.editText} @input=${(e) => { this.editText = e.target.value; }}
          aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? `${this.uid}-edit-err` : nothing}></textarea>
        ${err ? html`<div class="field-error" id=${`${this.uid}-edit-err`} role="alert">${err}</div>`
          : this.editError ? html`<div class="form-error" role="alert">${errorText(this.editError)}</div>` : nothing}
        <div class="row"><button type="submit" class="primary" ?disabled=${this.busy === n.id}>Save</button>
          <button type="button" @click=${() => this.stopEdit(n.id)}>Cancel</button></div>
      </form>` : html`<div class="note-body">${n.body}</div>`}
    </li>`;
  }
}

define('rp-profile-notes', RpProfileNotes);
