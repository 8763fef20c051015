// The dashboard's parts for the attribute type 'phone' (see the UiExtension service in PhoneUi):
// <rapport-phone-display> shows a number in its international form as a tel: link, with its kind
// (mobile, fixed line, ...) for a person to see; <rapport-phone-editor> is a phone field that the keyboard
// of a phone opens on its digits. The server parses what was typed (with the attribute's default
// region for numbers written without a country code) and says what is wrong, in words, under the field.
// Plain custom elements in the page's light DOM (the dashboard's styles apply); no library needed.

function regionOf(definition) {
  return definition && Array.isArray(definition.options) && definition.options[0] ? definition.options[0] : '';
}

const KINDS = {
  mobile: 'mobile', fixed_line: 'landline', fixed_line_or_mobile: 'landline or mobile', toll_free: 'toll-free',
  premium_rate: 'premium rate', voip: 'VoIP', personal_number: 'personal', pager: 'pager', uan: 'company number', voicemail: 'voicemail',
};

class PhoneDisplay extends HTMLElement {
  set value(v) { this._value = v; this.render(); }
  get value() { return this._value; }
  set definition(d) { this._definition = d; }
  connectedCallback() { this.render(); }
  render() {
    const v = this._value;
    this.replaceChildren();
    if (v == null) return;
    const e164 = typeof v === 'object' ? v.e164 : String(v);
    const a = document.createElement('a');
    a.href = `tel:${e164}`;
    a.textContent = (typeof v === 'object' && v.international) || e164;
    this.append(a);
    const kind = typeof v === 'object' && KINDS[v.type];
    if (kind) {
      const small = document.createElement('span');
      small.className = 'muted';
      small.textContent = ` · ${kind}`;
      this.append(small);
    }
  }
}

let editors = 0;

class PhoneEditor extends HTMLElement {
  constructor() {
    super();
    this._id = `rapport-phone-${++editors}`;
  }

  set value(v) {
    this._value = v;
    if (this._input && document.activeElement !== this._input) this.showValue();
  }
  get value() { return this._value; }
  set definition(d) { this._definition = d; if (this._input) this.build(); }
  get definition() { return this._definition; }

  connectedCallback() {
    if (!this._input) this.build();
  }

  get labelText() {
    return this.getAttribute('aria-label') || this.label || (this._definition && this._definition.label) || 'Phone';
  }

  build() {
    this.replaceChildren();
    this.style.display = 'block';
    const input = document.createElement('input');
    input.type = 'tel';
    input.id = this.getAttribute('input-id') || this._id;
    input.autocomplete = 'tel';
    input.setAttribute('aria-label', this.labelText);
    const region = regionOf(this._definition);
    input.placeholder = region === 'GB' ? '+44 20 7946 0958' : region === 'US' ? '+1 201 555 0123' : '+44 20 7946 0958';
    const hint = document.createElement('div');
    hint.className = 'muted small';
    hint.id = `${this._id}-hint`;
    hint.textContent = region ? `Numbers without + are read as ${region} numbers.` : '';
    input.setAttribute('aria-describedby', hint.id);
    input.addEventListener('change', (e) => {
      e.stopPropagation();
      this.commit();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.commit();
      }
    });
    this.append(input, hint);
    this._input = input;
    this.showValue();
  }

  showValue() {
    const v = this._value;
    this._input.value = v == null ? '' : typeof v === 'object' ? v.international || v.e164 : String(v);
  }

  commit() {
    const text = this._input.value.trim();
    this._value = text === '' ? null : text;
    this.dispatchEvent(new CustomEvent('change', { detail: { value: this._value }, bubbles: true }));
  }

  focus() {
    this._input?.focus();
  }
}

// a page keeps the first definition when the plugin is upgraded while it is open (custom elements cannot be
// redefined); the new version is used from the next load of the page
if (!customElements.get('rapport-phone-display')) customElements.define('rapport-phone-display', PhoneDisplay);
if (!customElements.get('rapport-phone-editor')) customElements.define('rapport-phone-editor', PhoneEditor);
