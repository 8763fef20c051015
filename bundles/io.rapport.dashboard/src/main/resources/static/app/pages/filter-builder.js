// The filter builder: conditions over every field GET /api/v1/search/fields offers (standard fields, tags,
// attributes by type, company fields, conversation facts), in nested AND/OR groups. It edits the query
// JSON the search API takes, and fires "rp-filter" with it (null for no filter) when applied.
import { RpElement, define, html, nothing } from '../lib.js';

const OPERATOR_LABELS = {
  '=': 'is', '!=': 'is not', in: 'is any of', not_in: 'is none of', contains: 'contains', not_contains: 'does not contain',
  starts_with: 'starts with', '>': 'is more than', '>=': 'is at least', '<': 'is less than', '<=': 'is at most',
  between: 'is between', is_present: 'is set', is_absent: 'is not set',
};
const NO_VALUE = new Set(['is_present', 'is_absent']);
const LIST_VALUE = new Set(['in', 'not_in']);

/** A field's label: "attributes.plan" -> "Plan (attribute)"; labels of attributes come from their definitions. */
export function fieldLabel(name, labels = {}) {
  if (labels[name]) return labels[name];
  const words = name.replace(/^attributes\./, '').replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

let idCounter = 0;

class RpFilterBuilder extends RpElement {
  static properties = {
    fields: { attribute: false }, // [{name, type, operators, description}]
    labels: { attribute: false }, // field name -> label
    query: { attribute: false }, // the applied query (JSON) or null
    draft: { state: true },
  };

  constructor() {
    super();
    this.fields = [];
    this.labels = {};
    this.uid = `fb${++idCounter}`;
  }

  willUpdate(changed) {
    if (changed.has('query')) {
      this.draft = toDraft(this.query);
    }
  }

  apply(e) {
    e?.preventDefault();
    const query = fromDraft(this.draft, this.fields);
    this.dispatchEvent(new CustomEvent('rp-filter', { detail: query, bubbles: true }));
  }

  clear() {
    this.draft = toDraft(null);
    this.dispatchEvent(new CustomEvent('rp-filter', { detail: null, bubbles: true }));
  }

  changed() {
    this.draft = { ...this.draft };
  }

  field(name) {
    return this.fields.find((f) => f.name === name);
  }

  condition(group, cond, index, path) {
    const f = this.field(cond.field);
    const operators = f ? f.operators : [];
    const id = `${this.uid}-${path}`;
    return html`<div class="filter-cond" role="group" aria-label=${`Condition ${index + 1}`}>
      <label class="visually-hidden" for=${`${id}-field`}>Field</label>
      <select id=${`${id}-field`} .value=${cond.field} @change=${(e) => { cond.field = e.target.value; cond.operator = this.field(cond.field)?.operators[0] || '='; cond.value = ''; this.changed(); }}>
        ${this.fields.map((x) => html`<option value=${x.name} ?selected=${x.name === cond.field}>${fieldLabel(x.name, this.labels)}</option>`)}
      </select>
      <label class="visually-hidden" for=${`${id}-op`}>Operator</label>
      <select id=${`${id}-op`} .value=${cond.operator} @change=${(e) => { cond.operator = e.target.value; this.changed(); }}>
        ${operators.map((o) => html`<option value=${o} ?selected=${o === cond.operator}>${OPERATOR_LABELS[o] || o}</option>`)}
      </select>
      ${NO_VALUE.has(cond.operator) ? nothing : this.valueInput(f, cond, id)}
      <button type="button" class="icon" aria-label=${`Remove condition ${index + 1}`} title="Remove" @click=${() => { group.items.splice(index, 1); this.changed(); }}>×</button>
    </div>`;
  }

  valueInput(f, cond, id) {
    const type = f?.type || 'TEXT';
    const input = (value, onInput, label, suffix = '') => {
      const inputType = type === 'NUMBER' ? 'number' : type === 'INSTANT' ? 'date' : 'text';
      return html`<label class="visually-hidden" for=${`${id}-value${suffix}`}>${label}</label>
        <input id=${`${id}-value${suffix}`} type=${inputType} step=${type === 'NUMBER' ? 'any' : undefined}
          .value=${value ?? ''} @input=${(e) => onInput(e.target.value)} placeholder=${LIST_VALUE.has(cond.operator) ? 'a, b, c' : ''}>`;
    };
    if (type === 'BOOLEAN') {
      return html`<label class="visually-hidden" for=${`${id}-value`}>Value</label>
        <select id=${`${id}-value`} .value=${String(cond.value)} @change=${(e) => { cond.value = e.target.value; this.changed(); }}>
          <option value="true" ?selected=${String(cond.value) === 'true'}>yes</option><option value="false" ?selected=${String(cond.value) === 'false'}>no</option></select>`;
    }
    if (cond.operator === 'between') {
      const [lo, hi] = Array.isArray(cond.value) ? cond.value : ['', ''];
      return html`${input(lo, (v) => { cond.value = [v, hi]; }, 'From', '-from')}<span>and</span>${input(hi, (v) => { cond.value = [lo, v]; }, 'To', '-to')}`;
    }
    return input(Array.isArray(cond.value) ? cond.value.join(', ') : cond.value, (v) => { cond.value = v; }, 'Value');
  }

  group(group, path, depth) {
    return html`<div class="filter-group" role="group" aria-label=${depth === 0 ? 'Filter' : 'Group'}>
      <div class="row">
        <label class="visually-hidden" for=${`${this.uid}-${path}-join`}>Match</label>
        <select id=${`${this.uid}-${path}-join`} .value=${group.join} @change=${(e) => { group.join = e.target.value; this.changed(); }}>
          <option value="and" ?selected=${group.join === 'and'}>All of</option><option value="or" ?selected=${group.join === 'or'}>Any of</option>
        </select>
        <span class="muted">these:</span>
        ${depth > 0 ? html`<button type="button" class="link" @click=${() => { group.remove(); this.changed(); }}>Remove group</button>` : nothing}
      </div>
      ${group.items.map((item, i) => item.items
        ? this.group(Object.assign(item, { remove: () => group.items.splice(i, 1) }), `${path}-${i}`, depth + 1)
        : this.condition(group, item, i, `${path}-${i}`))}
      <div class="row">
        <button type="button" @click=${() => { group.items.push(newCondition(this.fields)); this.changed(); }}>+ Condition</button>
        ${depth < 3 ? html`<button type="button" @click=${() => { group.items.push({ join: group.join === 'and' ? 'or' : 'and', items: [newCondition(this.fields)] }); this.changed(); }}>+ Group</button>` : nothing}
      </div>
    </div>`;
  }

  render() {
    if (!this.draft) {
      return nothing;
    }
    return html`<form class="card" @submit=${this.apply} aria-label="Filter builder">
      ${this.group(this.draft, 'g', 0)}
      <div class="row"><button type="submit" class="primary">Apply filter</button>
        <button type="button" @click=${() => this.clear()}>Clear</button></div>
    </form>`;
  }
}

function newCondition(fields) {
  const f = fields.find((x) => x.name === 'name') || fields[0];
  return { field: f ? f.name : 'name', operator: f ? f.operators[0] : '=', value: '' };
}

/** The editable form of a query: groups {join, items} of conditions {field, operator, value}. */
function toDraft(query) {
  if (!query) return { join: 'and', items: [] };
  if (query.and || query.or) {
    const join = query.and ? 'and' : 'or';
    return { join, items: query[join].map((q) => (q.and || q.or ? toDraft(q) : { ...q })) };
  }
  return { join: 'and', items: [{ ...query }] };
}

/** The query JSON of a draft; null when it has no condition. Values are typed as the field's type takes them. */
export function fromDraft(group, fields) {
  const items = group.items.map((item) => (item.items ? fromDraft(item, fields) : condition(item, fields))).filter(Boolean);
  if (items.length === 0) return null;
  if (items.length === 1 && group.join === 'and') return items[0];
  return { [group.join]: items };
}

function condition(c, fields) {
  if (NO_VALUE.has(c.operator)) return { field: c.field, operator: c.operator };
  const type = fields.find((f) => f.name === c.field)?.type || 'TEXT';
  let value = c.value;
  if (LIST_VALUE.has(c.operator) && typeof value === 'string') {
    value = value.split(',').map((v) => v.trim()).filter(Boolean);
  }
  return { field: c.field, operator: c.operator, value: typed(value, type) };
}

function typed(value, type) {
  if (Array.isArray(value)) return value.map((v) => typed(v, type));
  if (type === 'NUMBER' && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (type === 'BOOLEAN') return value === true || value === 'true';
  return value;
}

define('rp-filter-builder', RpFilterBuilder);
