// The dashboard's parts for the attribute type 'currency' (see the UiExtension service in CurrencyUi):
// <rapport-currency-display> shows an amount in the reader's locale ("€1,250.00"), and
// <rapport-currency-editor> edits one as a person writes it ("1 250,50" or "1,250.50"), checks the
// currency's minor digits as they type, and sends the API the amount as a string so no float rounds it.
// Plain custom elements in the page's light DOM (the dashboard's styles apply); no library needed.

/** The attribute's currency: its one option (e.g. "EUR"). */
function currencyOf(definition) {
  return definition && Array.isArray(definition.options) && definition.options[0] ? definition.options[0] : 'EUR';
}

function minorDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

/** The reader's decimal mark ("." or ","), from the browser's locale. */
function localeDecimalMark() {
  const part = new Intl.NumberFormat(undefined).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part ? part.value : '.';
}

/**
 * What a person typed, as the API's amount ("1250.50"), or an error in words. Spaces and apostrophes are
 * dropped. With both "." and "," the last one is the decimal mark; one kind of mark written several times
 * groups thousands; a single mark is the decimal mark unless exactly three digits follow it, when the
 * reader's locale decides ("12.345" is twelve thousand in German, twelve and a bit in English, and then
 * too precise for the euro: said, never guessed into a thousandfold amount).
 */
export function parseAmount(text, currency, decimalMark = localeDecimalMark()) {
  const digits = minorDigits(currency);
  let s = String(text).trim().replace(/[\s'’\u00a0\u202f]/g, '');
  if (s === '') return { amount: null };
  const sign = s.startsWith('-') ? '-' : '';
  s = s.replace(/^[+-]/, '');
  if (!/^[0-9.,]+$/.test(s)) {
    return { error: `Write an amount in ${currency}, such as 1250${digits ? '.' + '0'.repeat(digits) : ''}: digits and one decimal mark.` };
  }
  const dots = (s.match(/\./g) || []).length;
  const commas = (s.match(/,/g) || []).length;
  let decimalAt = -1;
  if (dots && commas) {
    decimalAt = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  } else if (dots + commas === 1) {
    const at = Math.max(s.indexOf('.'), s.indexOf(','));
    const after = s.length - at - 1;
    decimalAt = after !== 3 || s[at] === decimalMark ? at : -1;
  }
  let whole = decimalAt < 0 ? s : s.slice(0, decimalAt);
  const fraction = decimalAt < 0 ? '' : s.slice(decimalAt + 1);
  if (/[.,]/.test(fraction)) {
    return { error: `Write an amount in ${currency} with one decimal mark.` };
  }
  whole = whole.replace(/[.,]/g, '');
  if (whole === '' && fraction === '') {
    return { error: `Write an amount in ${currency}.` };
  }
  if (fraction.length > digits) {
    return { error: digits === 0 ? `${currency} amounts are whole numbers.` : `${currency} amounts have at most ${digits} digits after the decimal mark.` };
  }
  return { amount: `${sign}${whole || '0'}${fraction ? '.' + fraction : ''}` };
}

function formatAmount(amount, currency) {
  if (amount == null || amount === '') return '';
  try {
    // a string keeps every digit (Intl formats decimal strings exactly)
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(String(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

class CurrencyDisplay extends HTMLElement {
  set value(v) { this._value = v; this.render(); }
  get value() { return this._value; }
  set definition(d) { this._definition = d; this.render(); }
  connectedCallback() { this.render(); }
  render() {
    const v = this._value;
    const currency = (v && v.currency) || currencyOf(this._definition);
    this.textContent = v == null ? '' : formatAmount(typeof v === 'object' ? v.amount : v, currency);
  }
}

let editors = 0;

class CurrencyEditor extends HTMLElement {
  constructor() {
    super();
    this._id = `rapport-currency-${++editors}`;
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

  /** The input's accessible name: the dashboard sets label (or aria-label) on the editor. */
  get labelText() {
    return this.getAttribute('aria-label') || this.label || (this._definition && this._definition.label) || 'Amount';
  }

  build() {
    const currency = currencyOf(this._definition);
    const symbol = new Intl.NumberFormat(undefined, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0).find((p) => p.type === 'currency')?.value || currency;
    this.replaceChildren();
    this.style.display = 'block';
    const row = document.createElement('div');
    row.style.cssText = 'display:flex;align-items:center;gap:6px';
    const prefix = document.createElement('span');
    prefix.className = 'muted';
    prefix.textContent = symbol === currency ? currency : `${symbol} ${currency}`;
    prefix.setAttribute('aria-hidden', 'true');
    const input = document.createElement('input');
    input.id = this.getAttribute('input-id') || this._id;
    input.inputMode = 'decimal';
    input.autocomplete = 'off';
    input.setAttribute('aria-label', `${this.labelText} (${currency})`);
    input.setAttribute('aria-describedby', `${this._id}-error`);
    input.style.flex = '1';
    const error = document.createElement('div');
    error.className = 'field-error';
    error.id = `${this._id}-error`;
    error.setAttribute('role', 'alert');
    error.hidden = true;
    input.addEventListener('input', () => this.check(false));
    // the input's own change event would reach the dashboard without a value: ours replaces it
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
    row.append(prefix, input);
    this.append(row, error);
    this._input = input;
    this._error = error;
    this.showValue();
  }

  showValue() {
    const v = this._value;
    const amount = v == null ? '' : typeof v === 'object' ? v.amount : String(v);
    this._input.value = amount == null ? '' : amount;
    this._input.removeAttribute('aria-invalid');
    this._error.hidden = true;
  }

  check(final) {
    const parsed = parseAmount(this._input.value, currencyOf(this._definition));
    // while typing, say only what cannot become right by typing on (too many decimals, letters)
    const show = parsed.error && (final || !/^[\s\d.,'+-]*$/.test(this._input.value) || /decimal|whole/.test(parsed.error));
    this._error.textContent = show ? parsed.error : '';
    this._error.hidden = !show;
    if (show) this._input.setAttribute('aria-invalid', 'true'); else this._input.removeAttribute('aria-invalid');
    return parsed;
  }

  commit() {
    const parsed = this.check(true);
    if (parsed.error) return;
    const currency = currencyOf(this._definition);
    const value = parsed.amount == null ? null : { amount: parsed.amount, currency };
    this._value = value;
    this.dispatchEvent(new CustomEvent('change', { detail: { value }, bubbles: true }));
  }

  focus() {
    this._input?.focus();
  }
}

// a page keeps the first definition when the plugin is upgraded while it is open (custom elements cannot be
// redefined); the new version is used from the next load of the page
if (!customElements.get('rapport-currency-display')) customElements.define('rapport-currency-display', CurrencyDisplay);
if (!customElements.get('rapport-currency-editor')) customElements.define('rapport-currency-editor', CurrencyEditor);
