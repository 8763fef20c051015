// A combobox (the ARIA 1.2 pattern: a text input with a list of suggestions): type to filter, arrows to move,
// Enter to pick, Escape to close. The owner gives `search(text)` -> [{id, label, detail, create}] and gets
// "rp-pick" with the item chosen. Used to add tags and to link companies and people.
import { RpElement, define, html, nothing } from '../../lib.js';
import { errorText } from '../../ui.js';
import { uid } from './common.js';

class RpCombobox extends RpElement {
  static properties = {
    label: {},
    placeholder: {},
    search: { attribute: false },
    disabled: { type: Boolean },
    text: { state: true },
    items: { state: true },
    open: { state: true },
    active: { state: true },
    busy: { state: true },
    problem: { state: true },
  };

  constructor() {
    super();
    this.uid = uid('cb');
    this.text = '';
    this.items = [];
    this.open = false;
    this.active = -1;
    this.generation = 0;
    this.timer = null;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  /** Runs the search for the text typed (after a pause while typing). */
  schedule(immediate = false) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), immediate ? 0 : 200);
  }

  async run() {
    const generation = ++this.generation;
    this.busy = true;
    try {
      const items = await this.search(this.text.trim());
      if (generation !== this.generation) return;
      this.items = items || [];
      this.problem = null;
      this.active = this.items.length > 0 && this.text.trim() ? 0 : -1;
    } catch (e) {
      if (generation !== this.generation) return;
      this.items = [];
      this.problem = e;
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  onInput(e) {
    this.text = e.target.value;
    this.open = true;
    this.schedule();
  }

  /** A click opens the list (every suggestion for an empty text); focus alone does not. */
  onClick() {
    if (!this.open) {
      this.open = true;
      this.schedule(true);
    }
  }

  onBlur() {
    // a click on an option keeps the focus (mousedown is prevented), so a blur means leaving
    setTimeout(() => {
      if (!this.contains(document.activeElement)) this.open = false;
    }, 100);
  }

  onKeydown(e) {
    const count = this.items.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!this.open) {
          this.open = true;
          this.schedule(true);
        } else if (count) {
          this.active = (this.active + 1) % count;
        }
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (count) this.active = this.active <= 0 ? count - 1 : this.active - 1;
        break;
      case 'Home':
      case 'End':
        break; // the input's own: move in the text
      case 'Enter': {
        e.preventDefault();
        if (!this.open || !count) return;
        const item = this.items[this.active] || this.items.find((i) => i.exact) || this.items.find((i) => i.create);
        if (item) this.pick(item);
        break;
      }
      case 'Escape':
        if (this.open) {
          e.preventDefault();
          this.open = false;
        } else if (this.text) {
          e.preventDefault();
          this.text = '';
        }
        break;
      default:
    }
  }

  pick(item) {
    this.dispatchEvent(new CustomEvent('rp-pick', { detail: item, bubbles: true, composed: true }));
    this.text = '';
    this.items = [];
    this.active = -1;
    this.open = false;
  }

  updated(changed) {
    if (changed.has('active') && this.active >= 0) {
      this.querySelector(`#${this.uid}-opt-${this.active}`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  render() {
    const listId = `${this.uid}-list`;
    const shown = this.open && (this.items.length > 0 || this.problem || (this.text.trim() && !this.busy));
    const activeId = this.open && this.active >= 0 && this.items[this.active] ? `${this.uid}-opt-${this.active}` : nothing;
    return html`<div class="combobox">
      <label for=${`${this.uid}-input`}>${this.label}</label>
      <input id=${`${this.uid}-input`} type="text" role="combobox" autocomplete="off" spellcheck="false"
        aria-autocomplete="list" aria-expanded=${shown ? 'true' : 'false'} aria-controls=${listId}
        aria-activedescendant=${activeId} placeholder=${this.placeholder || nothing} ?disabled=${this.disabled}
        .value=${this.text} @input=${this.onInput} @click=${this.onClick} @blur=${this.onBlur} @keydown=${this.onKeydown}>
      <ul id=${listId} role="listbox" aria-label=${this.label} class="combobox-list" ?hidden=${!shown}>
        ${this.items.map((item, i) => html`<li id=${`${this.uid}-opt-${i}`} role="option" aria-selected=${i === this.active ? 'true' : 'false'}
          class=${item.create ? 'create' : ''} @mousedown=${(e) => e.preventDefault()} @click=${() => this.pick(item)}
          @mousemove=${() => { if (this.active !== i) this.active = i; }}>
          ${item.prefix || nothing}<span class="combobox-text"><span>${item.label}</span>${item.detail ? html`<span class="muted">${item.detail}</span>` : nothing}</span></li>`)}
        ${shown && this.items.length === 0 && !this.problem ? html`<li role="option" aria-disabled="true" aria-selected="false" class="muted">No matches</li>` : nothing}
        ${this.problem ? html`<li role="option" aria-disabled="true" aria-selected="false" class="field-error">${errorText(this.problem)}</li>` : nothing}
      </ul>
      <span class="visually-hidden" role="status" aria-live="polite">${this.open && !this.busy && this.text.trim()
        ? `${this.items.length} ${this.items.length === 1 ? 'suggestion' : 'suggestions'}` : ''}</span>
    </div>`;
  }
}

define('rp-combobox', RpCombobox);
