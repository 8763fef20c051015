// The Conversations card of a person: their conversations, newest first, each opening its thread inline:
// the messages (the person's on the left, agents' replies on the right, with each reply's delivery), a reply
// box, and the buttons that close or reopen it and mark it as a ticket or not.
import { RpElement, define, html, nothing, repeat } from '../../lib.js';
import { api, ApiError, seg } from '../../api.js';
import { errorText, fmtDateTime, toast } from '../../ui.js';
import { extension } from '../../extensions.js';
import { ago, uid } from './common.js';
import './attributes.js';

const PAGE = 10;

const DELIVERY = {
  sent: { label: 'Sent', cls: 'ok' },
  sending: { label: 'Sending…', cls: '' },
  not_sent: { label: 'Not sent', cls: 'warn' },
  failed: { label: 'Failed', cls: 'danger' },
};

function delivery(message) {
  const d = message.delivery;
  if (!d) return nothing;
  const shown = DELIVERY[d.status] || { label: d.status, cls: '' };
  return html`<span class=${`badge ${shown.cls}`}>${shown.label}</span>${d.error ? html` <span class="delivery-error">${d.error}</span>` : nothing}`;
}

class RpProfileConversations extends RpElement {
  static properties = {
    personId: {},
    personName: {},
    items: { state: true },
    cursor: { state: true },
    error: { state: true },
    openId: { state: true },
    thread: { state: true },
    threadError: { state: true },
    reply: { state: true },
    replyError: { state: true },
    lastReply: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.uid = uid('conv');
    this.items = null;
    this.reply = '';
    this.elements = new Map();
    this.onExtensions = () => {
      this.elements.clear();
      this.requestUpdate();
    };
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('rp-extensions', this.onExtensions);
    if (!this.items) this.reload();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('rp-extensions', this.onExtensions);
  }

  get base() {
    return `/people/${seg(this.personId)}/conversations`;
  }

  async reload(conversationId) {
    try {
      const shown = Math.min(200, Math.max(PAGE, this.items?.length || 0));
      const page = await api.get(`${this.base}?limit=${shown}`);
      this.items = page.data;
      this.cursor = page.next_cursor;
      this.error = null;
    } catch (e) {
      this.error = e;
    }
    if (this.openId && (!conversationId || conversationId === this.openId)) {
      this.loadThread(this.openId);
    }
  }

  async more() {
    try {
      const page = await api.get(`${this.base}?limit=${PAGE}&cursor=${encodeURIComponent(this.cursor)}`);
      const seen = new Set(this.items.map((c) => c.id));
      this.items = [...this.items, ...page.data.filter((c) => !seen.has(c.id))];
      this.cursor = page.next_cursor;
    } catch (e) {
      this.error = e;
    }
  }

  toggle(conversation) {
    if (this.openId === conversation.id) {
      this.openId = null;
      this.thread = null;
      return;
    }
    this.openId = conversation.id;
    this.thread = null;
    this.reply = '';
    this.replyError = null;
    this.lastReply = null;
    this.loadThread(conversation.id, true);
  }

  async loadThread(id, scroll = false) {
    try {
      const thread = await api.get(`/conversations/${seg(id)}`);
      if (this.openId !== id) return;
      this.thread = thread;
      this.threadError = null;
      this.items = this.items?.map((c) => (c.id === id ? { ...c, ...thread, messages: undefined } : c));
      await this.updateComplete;
      const log = this.querySelector('.thread .messages');
      if (log) log.scrollTop = log.scrollHeight;
      if (scroll) this.querySelector('.thread')?.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      if (this.openId === id) this.threadError = e;
    }
  }

  async send(e) {
    e.preventDefault();
    if (!this.reply.trim()) {
      this.replyError = new ApiError(400, { detail: 'Write a reply first.', errors: [{ field: 'text', message: 'Write a reply first.' }] });
      return;
    }
    const id = this.openId;
    this.busy = 'reply';
    this.replyError = null;
    try {
      const message = await api.post(`/conversations/${seg(id)}/replies`, { text: this.reply });
      this.reply = '';
      this.lastReply = message;
      const status = message.delivery?.status;
      toast(status === 'sent' ? 'Reply sent.' : status === 'failed' ? 'The reply is saved, but sending it failed.' : 'The reply is saved, but was not sent.', { error: status === 'failed' });
      this.dispatchEvent(new CustomEvent('rp-changed', { bubbles: true }));
      await this.loadThread(id);
    } catch (err) {
      this.replyError = err;
    } finally {
      this.busy = null;
    }
  }

  async change(patch, done) {
    const id = this.openId;
    this.busy = 'state';
    try {
      const thread = await api.patch(`/conversations/${seg(id)}`, patch);
      if (this.openId === id) this.thread = thread;
      this.items = this.items.map((c) => (c.id === id ? { ...c, ...thread, messages: undefined } : c));
      toast(done);
      this.dispatchEvent(new CustomEvent('rp-changed', { detail: { segments: true }, bubbles: true }));
    } catch (err) {
      toast(errorText(err), { error: true });
    } finally {
      this.busy = null;
    }
  }

  messageBody(m, channel) {
    const ext = extension('channel', channel);
    const name = ext?.elements?.message;
    if (!name) return html`<div class="message-text">${m.text}</div>`;
    let el = this.elements.get(m.id);
    if (!el) {
      el = document.createElement(name);
      this.elements.set(m.id, el);
    }
    el.message = m;
    return el;
  }

  render() {
    const title = `${this.uid}-title`;
    return html`<section class="card conversations-card" aria-labelledby=${title}>
      <header><h2 id=${title}>Conversations</h2></header>
      ${this.error ? html`<div class="form-error" role="alert">${errorText(this.error)}</div>` : nothing}
      ${this.items == null && !this.error ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${this.items?.length === 0 ? html`<p class="muted">No conversations yet. They start when this person writes in through a channel.</p>` : nothing}
      ${this.items?.length ? html`<ul class="conv-list">${repeat(this.items, (c) => c.id, (c) => this.item(c))}</ul>` : nothing}
      ${this.cursor ? html`<button type="button" @click=${this.more}>Show older conversations</button>` : nothing}
    </section>`;
  }

  item(c) {
    const open = this.openId === c.id;
    const threadId = `${this.uid}-${c.id}`;
    return html`<li class=${open ? 'conv open' : 'conv'}>
      <button type="button" class="conv-head" aria-expanded=${open ? 'true' : 'false'} aria-controls=${threadId} @click=${() => this.toggle(c)}>
        <span class="conv-title">${c.subject || `Conversation on ${c.channel}`}</span>
        <span class="conv-badges">
          <span class="badge">${c.channel}</span>
          <span class=${c.state === 'open' ? 'badge ok' : 'badge'}>${c.state === 'open' ? 'Open' : 'Closed'}</span>
          ${c.ticket ? html`<span class="badge warn">Ticket</span>` : nothing}
        </span>
        ${c.last_message_excerpt ? html`<span class="conv-excerpt">${c.last_message_excerpt}</span>` : nothing}
        <span class="muted conv-meta">${c.message_count} ${c.message_count === 1 ? 'message' : 'messages'} · started ${ago(c.created_at)} · last ${ago(c.last_message_at || c.updated_at)}</span>
      </button>
      ${open ? html`<div class="thread" id=${threadId}>${this.threadView(c)}</div>` : nothing}
    </li>`;
  }

  threadView(c) {
    if (this.threadError) return html`<div class="form-error" role="alert">${errorText(this.threadError)}</div>`;
    const t = this.thread;
    if (!t) return html`<p class="muted" role="status">Loading the conversation…</p>`;
    const replyId = `${this.uid}-reply`;
    const err = this.replyError instanceof ApiError ? this.replyError.field('text') : null;
    return html`
      <div class="thread-actions">
        <span class="muted">Opened ${fmtDateTime(t.created_at)}${t.closed_at ? ` · closed ${fmtDateTime(t.closed_at)}` : ''}</span>
        <span class="row">
        ${t.state === 'open'
          ? html`<button type="button" ?disabled=${this.busy === 'state'} @click=${() => this.change({ state: 'closed' }, 'Conversation closed.')}>Close</button>`
          : html`<button type="button" ?disabled=${this.busy === 'state'} @click=${() => this.change({ state: 'open' }, 'Conversation reopened.')}>Reopen</button>`}
        ${t.ticket
          ? html`<button type="button" ?disabled=${this.busy === 'state'} @click=${() => this.change({ ticket: false }, 'No longer a ticket.')}>Not a ticket</button>`
          : html`<button type="button" ?disabled=${this.busy === 'state'} @click=${() => this.change({ ticket: true }, 'Marked as a ticket.')}>Mark as ticket</button>`}
        </span>
      </div>
      <div class="messages" role="log" tabindex="0" aria-label=${`Messages of ${c.subject || `the conversation on ${c.channel}`}`}>
        ${repeat(t.messages || [], (m) => m.id, (m) => html`<div class=${m.direction === 'out' ? 'message outbound' : 'message'}>
          <div class="message-meta"><span class="visually-hidden">${m.direction === 'out' ? 'Reply' : 'Message'} from </span><strong>${m.direction === 'out' ? m.author || 'Agent' : this.personName || 'Customer'}</strong>
            <span class="muted">· ${ago(m.sent_at)}</span></div>
          ${this.messageBody(m, t.channel)}
          ${m.direction === 'out' && m.delivery ? html`<div class="message-delivery">${delivery(m)}</div>` : nothing}
        </div>`)}
      </div>
      <form class="reply" @submit=${this.send} novalidate>
        <label for=${replyId}>Reply</label>
        <textarea id=${replyId} rows="3" .value=${this.reply} @input=${(e) => { this.reply = e.target.value; }}
          aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? `${replyId}-err` : nothing}
          @keydown=${(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) this.send(e); }}></textarea>
        ${err ? html`<div class="field-error" id=${`${replyId}-err`} role="alert">${err}</div>`
          : this.replyError ? html`<div class="form-error" role="alert">${errorText(this.replyError)}</div>` : nothing}
        <div class="row">
          <button type="submit" class="primary" ?disabled=${this.busy === 'reply'}>${this.busy === 'reply' ? 'Sending…' : 'Send reply'}</button>
          <span role="status" class="reply-status">${this.lastReply ? html`Your reply: ${DELIVERY[this.lastReply.delivery?.status]?.label || this.lastReply.delivery?.status || 'Saved'}` : nothing}</span>
        </div>
      </form>
      <rp-profile-attributes nested model="conversation" .subjectId=${t.id} .values=${t.attributes || {}} .status=${t.attribute_status || {}}
        @rp-attributes=${(e) => { e.stopPropagation(); if (this.openId === t.id) this.thread = { ...this.thread, attributes: e.detail.record.attributes, attribute_status: e.detail.record.attribute_status }; }}
        @rp-reload=${(e) => { e.stopPropagation(); this.loadThread(t.id); }}></rp-profile-attributes>`;
  }
}

define('rp-profile-conversations', RpProfileConversations);
