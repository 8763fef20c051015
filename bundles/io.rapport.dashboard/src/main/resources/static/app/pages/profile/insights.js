// The Insights card of a company: figures over the conversations its people opened in a period (last 7, 30
// or 90 days, or dates chosen): conversations, tickets, median first response and resolution in words, and
// tickets per week as a small bar chart (with the same numbers in a table for screen readers).
import { RpElement, define, html, nothing } from '../../lib.js';
import { api, ApiError, seg } from '../../api.js';
import { errorText, fieldError, fmtDate, invalid } from '../../ui.js';
import { humanDuration, uid } from './common.js';

const PERIODS = [
  { key: '7', label: 'Last 7 days', days: 7 },
  { key: '30', label: 'Last 30 days', days: 30 },
  { key: '90', label: 'Last 90 days', days: 90 },
  { key: 'custom', label: 'Custom dates' },
];

/** A UTC date, days before today, as yyyy-MM-dd (the API reads dates in UTC). */
function isoDay(daysAgo = 0) {
  return new Date(Date.now() - daysAgo * 86400000).toISOString().slice(0, 10);
}

function weekLabel(day) {
  return fmtDate(`${day}T12:00:00Z`);
}

class RpCompanyInsights extends RpElement {
  static properties = {
    companyId: {},
    period: { state: true },
    from: { state: true },
    to: { state: true },
    data: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.uid = uid('insights');
    this.period = '30';
    this.from = isoDay(29);
    this.to = isoDay(0);
    this.data = null;
    this.generation = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    if (!this.data) this.reload();
  }

  range() {
    const p = PERIODS.find((x) => x.key === this.period);
    return p.days ? { from: isoDay(p.days - 1), to: isoDay(0) } : { from: this.from, to: this.to };
  }

  async reload() {
    const { from, to } = this.range();
    if (!from || !to) {
      this.error = new ApiError(400, {
        detail: 'Choose both dates.',
        errors: [...(!from ? [{ field: 'from', message: 'Choose the first day.' }] : []), ...(!to ? [{ field: 'to', message: 'Choose the last day.' }] : [])],
      });
      return;
    }
    if (from > to) {
      this.error = new ApiError(400, { detail: 'The first day must not be after the last.', errors: [{ field: 'from', message: 'The first day must not be after the last.' }] });
      return;
    }
    const generation = ++this.generation;
    this.busy = true;
    try {
      const data = await api.get(`/companies/${seg(this.companyId)}/insights?${new URLSearchParams({ from, to })}`);
      if (generation !== this.generation) return;
      this.data = data;
      this.error = null;
    } catch (e) {
      if (generation === this.generation) this.error = e;
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  choose(key) {
    this.period = key;
    if (key !== 'custom') this.reload();
  }

  render() {
    const title = `${this.uid}-title`;
    const d = this.data;
    const fieldErrors = this.error instanceof ApiError && this.error.errors.some((e) => e.field === 'from' || e.field === 'to');
    return html`<section class="card insights" aria-labelledby=${title} aria-busy=${this.busy ? 'true' : 'false'}>
      <header><h2 id=${title}>Insights</h2></header>
      <fieldset class="period">
        <legend>Period</legend>
        <div class="segmented">
          ${PERIODS.map((p) => html`<label class=${this.period === p.key ? 'on' : ''}><input type="radio" name=${`${this.uid}-period`} value=${p.key}
            .checked=${this.period === p.key} @change=${() => this.choose(p.key)}>${p.label}</label>`)}
        </div>
      </fieldset>
      ${this.period === 'custom' ? html`<form class="row period-dates" novalidate @submit=${(e) => { e.preventDefault(); this.reload(); }}>
        <div class="field"><label for=${`${this.uid}-from`}>From</label>
          <input id=${`${this.uid}-from`} type="date" .value=${this.from} max=${this.to || nothing} @input=${(e) => { this.from = e.target.value; }}
            aria-invalid=${invalid(this.error, 'from')} aria-describedby=${`${this.uid}-from-err`}>
          ${fieldError(this.error, 'from', `${this.uid}-from-err`)}</div>
        <div class="field"><label for=${`${this.uid}-to`}>To (included)</label>
          <input id=${`${this.uid}-to`} type="date" .value=${this.to} min=${this.from || nothing} @input=${(e) => { this.to = e.target.value; }}
            aria-invalid=${invalid(this.error, 'to')} aria-describedby=${`${this.uid}-to-err`}>
          ${fieldError(this.error, 'to', `${this.uid}-to-err`)}</div>
        <button type="submit" class="primary">Show</button>
      </form>` : nothing}
      ${this.error && !fieldErrors ? html`<div class="form-error" role="alert">${errorText(this.error)}</div>` : nothing}
      ${!d && !this.error ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${d ? this.figures(d) : nothing}
    </section>`;
  }

  figures(d) {
    const weeks = d.tickets_per_week || [];
    const max = Math.max(1, ...weeks.map((w) => w.count));
    const first = humanDuration(d.median_first_response_seconds);
    const resolution = humanDuration(d.median_resolution_seconds);
    const period = `${fmtDate(d.from)} – ${fmtDate(new Date(new Date(d.to).getTime() - 1).toISOString())}`;
    const tableId = `${this.uid}-weeks`;
    return html`
      <p class="muted period-shown" role="status">${period} · ${d.people} ${d.people === 1 ? 'person' : 'people'} in the company</p>
      <dl class="stats">
        <div><dt>Conversations</dt><dd>${d.conversations}</dd></div>
        <div><dt>Open now</dt><dd>${d.open_conversations}</dd></div>
        <div><dt>Tickets</dt><dd>${d.tickets}</dd></div>
        <div><dt>Open tickets</dt><dd>${d.open_tickets}</dd></div>
        <div><dt>Median first response</dt><dd>${first ?? html`<span class="none">No replies yet</span>`}</dd></div>
        <div><dt>Median resolution</dt><dd>${resolution ?? html`<span class="none">No ticket closed</span>`}</dd></div>
      </dl>
      ${weeks.length ? html`<figure class="weekly">
        <figcaption id=${`${tableId}-cap`}>Tickets per week</figcaption>
        <div class="chart-wrap">
          <span class="chart-max muted" aria-hidden="true">${max}</span>
          <div class="chart" aria-hidden="true">
            ${weeks.map((w) => html`<div class=${w.count ? 'bar' : 'bar zero'} style=${`height:${w.count ? Math.max(4, (w.count / max) * 100) : 0}%`}
              title=${`Week of ${weekLabel(w.week_start)}: ${w.count} ${w.count === 1 ? 'ticket' : 'tickets'}`}></div>`)}
          </div>
        </div>
        <div class="chart-axis muted" aria-hidden="true"><span>${weekLabel(weeks[0].week_start)}</span>${weeks.length > 1 ? html`<span>${weekLabel(weeks[weeks.length - 1].week_start)}</span>` : nothing}</div>
        <table class="visually-hidden" aria-labelledby=${`${tableId}-cap`}>
          <thead><tr><th scope="col">Week starting</th><th scope="col">Tickets</th></tr></thead>
          <tbody>${weeks.map((w) => html`<tr><td>${weekLabel(w.week_start)}</td><td>${w.count}</td></tr>`)}</tbody>
        </table>
      </figure>` : nothing}`;
  }
}

define('rp-company-insights', RpCompanyInsights);
