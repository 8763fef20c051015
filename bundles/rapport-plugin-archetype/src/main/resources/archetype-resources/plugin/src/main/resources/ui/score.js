#set( $element = $typeName.replace("_", "-") )
// The dashboard's parts for the attribute type '${typeName}' (registered by ScoreUi): a display and an
// editor, plain custom elements in the page's light DOM (the dashboard's styles apply).
//
// The contract (see "Dashboard parts" in Rapport's plugin guide): both elements get the value as the
// property `value` (the JSON the API reads and writes for the type, here a number) and the attribute's
// definition as `definition` ({key, label, type, options, ...}); the editor fires a `change` event whose
// `detail.value` is the new value (null removes it). The API checks the value again and the dashboard
// shows its message under the field.

class ScoreDisplay extends HTMLElement {
  set value(v) { this._value = v; this.render(); }
  get value() { return this._value; }
  set definition(d) { this._definition = d; }
  connectedCallback() { this.render(); }
  render() {
    this.replaceChildren();
    if (this._value == null) return;
    const meter = document.createElement('meter');
    meter.min = 0;
    meter.max = 100;
    meter.low = 34;
    meter.high = 67;
    meter.optimum = 100;
    meter.value = this._value;
    meter.setAttribute('aria-label', 'Score');
    const text = document.createElement('span');
    text.textContent = ' ' + this._value + ' / 100';
    this.append(meter, text);
  }
}

class ScoreEditor extends HTMLElement {
  set value(v) { this._value = v; if (this._input) this._input.value = v == null ? '' : String(v); }
  get value() { return this._value; }
  set definition(d) { this._definition = d; }

  connectedCallback() {
    if (this._input) return;
    const input = document.createElement('input');
    input.type = 'number';
    input.min = '0';
    input.max = '100';
    input.step = '1';
    input.setAttribute('aria-label', (this._definition && this._definition.label) || 'Score');
    input.value = this._value == null ? '' : String(this._value);
    // the input's own change event carries no value: stop it, and send ours
    input.addEventListener('change', (e) => {
      e.stopPropagation();
      const text = input.value.trim();
      this._value = text === '' ? null : Number(text);
      this.dispatchEvent(new CustomEvent('change', { detail: { value: this._value }, bubbles: true }));
    });
    this.append(input);
    this._input = input;
  }

  focus() { if (this._input) this._input.focus(); }
}

// custom elements cannot be redefined: after an upgrade, open pages keep the old ones until reloaded
if (!customElements.get('${element}-display')) customElements.define('${element}-display', ScoreDisplay);
if (!customElements.get('${element}-editor')) customElements.define('${element}-editor', ScoreEditor);
