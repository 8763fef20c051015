// Import: people from a CSV or NDJSON file. For CSV, the header row is read here first and each column is
// mapped to a field of a person (or dropped); the file is then written again with the header the import
// understands (the rows too when columns are dropped or merged) and uploaded. The job is followed while it
// runs: a progress bar, the counts, and the rows that failed with their line and reason. Recent imports
// are listed below.
import { RpElement, define, html, nothing, repeat } from '../lib.js';
import { api, request, seg, ApiError } from '../api.js';
import { go, href } from '../router.js';
import { errorText, fmtAgo, fmtDateTime, formError, toast } from '../ui.js';
import { readHead, rewrite } from './settings/csv.js';
import { Problem, fileSize, plural, say } from './settings/forms.js';

const POLL_MS = 500;

/** What a column can become: value (the CSV column name the import takes), label, how cells merge. */
const STANDARD_TARGETS = [
  { value: 'name', label: 'Name', join: ' ' },
  { value: 'emails', label: 'Email(s)', join: ';' },
  { value: 'phones', label: 'Phone(s)', join: ';' },
  { value: 'external_id', label: 'External id' },
  { value: 'avatar_url', label: 'Avatar URL' },
  { value: 'city', label: 'City' },
  { value: 'region', label: 'Region' },
  { value: 'country', label: 'Country' },
  { value: 'tags', label: 'Tags', join: ';' },
];

/** Column names (lower case, letters and digits only) that mean a standard target. */
const SYNONYMS = {
  name: ['name', 'fullname', 'contactname', 'displayname', 'personname', 'customername'],
  emails: ['email', 'emails', 'emailaddress', 'emailaddresses', 'mail', 'workemail', 'primaryemail'],
  phones: ['phone', 'phones', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'phonenumber', 'phonenumbers', 'workphone'],
  external_id: ['externalid', 'external', 'externalref', 'crmid', 'userid', 'customerid', 'contactid', 'id'],
  avatar_url: ['avatarurl', 'avatar', 'photo', 'photourl', 'picture', 'pictureurl', 'image', 'imageurl'],
  city: ['city', 'locationcity', 'town'],
  region: ['region', 'locationregion', 'state', 'province', 'county'],
  country: ['country', 'locationcountry', 'countrycode'],
  tags: ['tags', 'tag', 'labels'],
};
const NAME_PARTS = ['firstname', 'givenname', 'forename', 'middlename', 'lastname', 'surname', 'familyname'];

const norm = (s) => (s || '').toLowerCase().replace(/^attributes\./, '').normalize('NFD').replace(/[^a-z0-9]/g, '');

function formatOf(file) {
  const name = (file.name || '').toLowerCase();
  if (/\.(ndjson|jsonl)$/.test(name) || /ndjson|jsonl/.test(file.type)) return 'ndjson';
  if (/\.(csv|txt)$/.test(name) || /csv/.test(file.type)) return 'csv';
  return null;
}

const STATE_BADGE = { queued: '', running: 'warn', completed: 'ok', failed: 'danger' };
const STATE_WORD = { queued: 'Queued', running: 'Running', completed: 'Completed', failed: 'Failed' };

class RpImport extends RpElement {
  static properties = {
    route: { attribute: false },
    user: { attribute: false },
    file: { state: true },
    format: { state: true },
    head: { state: true },
    mapping: { state: true }, // per column of the file: a target value, or '' to drop it
    attributes: { state: true },
    fileError: { state: true },
    startError: { state: true },
    phase: { state: true }, // null, 'preparing', 'uploading'
    prepared: { state: true },
    dragging: { state: true },
    job: { state: true },
    jobError: { state: true },
    errors: { state: true },
    errorsCursor: { state: true },
    errorsPaged: { state: true },
    jobs: { state: true },
    jobsError: { state: true },
  };

  constructor() {
    super();
    this.attributes = [];
    this.mapping = [];
    this.errors = [];
    this.jobs = [];
  }

  get jobId() {
    return this.route?.query.get('job') || null;
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Import · Rapport';
    this.loadAttributes();
    this.loadJobs();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.following = null;
  }

  willUpdate(changed) {
    if (changed.has('route')) {
      const previous = changed.get('route');
      if (!previous || previous.query.get('job') !== this.jobId) {
        this.follow(this.jobId);
      }
    }
  }

  async loadAttributes() {
    try {
      const all = [];
      let cursor = null;
      do {
        const page = await api.get(`/attributes?model=person&limit=200${cursor ? `&cursor=${seg(cursor)}` : ''}`);
        all.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor && all.length < 5000);
      this.attributes = all.filter((a) => !a.archived);
      if (this.head) this.mapping = this.guess(this.head.header);
    } catch {
      // the standard fields can still be imported
    }
  }

  async loadJobs() {
    try {
      this.jobs = (await api.get('/jobs?limit=10')).data;
      this.jobsError = null;
    } catch (e) {
      this.jobsError = e;
    }
  }

  // ---- choosing the file

  get targets() {
    return [
      ...STANDARD_TARGETS,
      ...this.attributes.map((a) => ({ value: `attributes.${a.key}`, label: `${a.label} (attribute)`, join: a.type === 'multi-list' ? ';' : undefined })),
    ];
  }

  target(value) {
    return this.targets.find((t) => t.value === value);
  }

  /** The target each column's name suggests; a target that takes one column is given to the first only. */
  guess(header) {
    const names = header.map(norm);
    const hasName = names.some((n) => SYNONYMS.name.includes(n));
    const used = new Set();
    return header.map((h, i) => {
      const n = names[i];
      let value = '';
      const lower = h.toLowerCase();
      const attribute = this.attributes.find((a) => lower === `attributes.${a.key}` || n === norm(a.key) || n === norm(a.label));
      if (lower.startsWith('attributes.') && attribute) {
        value = `attributes.${attribute.key}`;
      } else {
        value = Object.keys(SYNONYMS).find((k) => SYNONYMS[k].includes(n)) || '';
        if (!value && n.includes('email')) value = 'emails';
        if (!value && n.includes('phone')) value = 'phones';
        if (!value && !hasName && NAME_PARTS.includes(n)) value = 'name';
        if (!value && attribute) value = `attributes.${attribute.key}`;
      }
      const t = this.target(value);
      if (!t || (!t.join && used.has(value))) return '';
      used.add(value);
      return value;
    });
  }

  async choose(file) {
    this.fileError = null;
    this.startError = null;
    this.head = null;
    this.file = null;
    if (!file) return;
    const format = formatOf(file);
    if (!format) {
      this.fileError = new Problem(`${file.name} is neither CSV (.csv) nor NDJSON (.ndjson, .jsonl): choose one of those.`);
      return;
    }
    if (file.size === 0) {
      this.fileError = new Problem(`${file.name} is empty.`);
      return;
    }
    this.file = file;
    this.format = format;
    if (this.jobId) go(['import']);
    if (format === 'csv') {
      try {
        this.head = await readHead(file);
        this.mapping = this.guess(this.head.header);
      } catch (e) {
        this.fileError = e;
        this.file = null;
      }
    }
  }

  onDrop(e) {
    e.preventDefault();
    this.dragging = false;
    const file = e.dataTransfer?.files?.[0];
    if (file) this.choose(file);
  }

  setTarget(i, value) {
    const mapping = [...this.mapping];
    mapping[i] = value;
    this.mapping = mapping;
    this.startError = null;
  }

  /** Problems of the mapping, per column index, and for the whole. */
  get mappingProblems() {
    const columns = new Map();
    const seen = new Map();
    this.mapping.forEach((value, i) => {
      const t = value && this.target(value);
      if (!t) return;
      if (!t.join && seen.has(value)) {
        columns.set(i, `“${this.head.header[seen.get(value)]}” is already imported as ${t.label}. Choose one of them.`);
      } else if (!seen.has(value)) {
        seen.set(value, i);
      }
    });
    let whole = null;
    if (!seen.has('emails') && !seen.has('external_id')) {
      whole = 'Import a column as Email(s) or as External id: the import finds (and later finds again) each person by one of them.';
    }
    return { columns, whole };
  }

  /** The new header: each target once, with the columns of the file it takes, in the order of the file. */
  plan() {
    const columns = [];
    this.mapping.forEach((value, i) => {
      if (!value) return;
      const existing = columns.find((c) => c.name === value);
      if (existing) existing.sources.push(i);
      else columns.push({ name: value, sources: [i], join: this.target(value)?.join || ';' });
    });
    return { columns };
  }

  async start() {
    this.startError = null;
    let blob;
    let contentType;
    if (this.format === 'csv') {
      const problems = this.mappingProblems;
      if (problems.whole || problems.columns.size) {
        this.startError = new Problem(problems.whole || 'Some columns are imported twice as the same field; see below.');
        return;
      }
      this.lastPlan = this.plan();
      this.phase = 'preparing';
      this.prepared = 0;
      try {
        blob = await rewrite(this.file, this.head, this.lastPlan, (share) => { this.prepared = Math.floor(share * 100) / 100; });
      } catch (e) {
        this.startError = e;
        this.phase = null;
        return;
      }
      contentType = 'text/csv';
    } else {
      blob = this.file;
      contentType = 'application/x-ndjson';
    }
    this.phase = 'uploading';
    try {
      const { body: job } = await request('POST', '/people/import', undefined, { raw: blob, contentType });
      toast(`Importing ${this.file.name}.`);
      this.file = null;
      this.head = null;
      this.job = job;
      go(['import'], { job: job.id });
      this.loadJobs();
    } catch (e) {
      this.startError = e;
    } finally {
      this.phase = null;
    }
  }

  // ---- following a job

  async follow(id) {
    clearTimeout(this.timer);
    this.following = id;
    this.jobError = null;
    this.errorsPaged = false;
    this.errorsCursor = null;
    if (!id) {
      this.job = null;
      this.errors = [];
      return;
    }
    if (this.job?.id !== id) {
      this.job = null;
      this.errors = [];
    }
    const poll = async () => {
      if (this.following !== id) return;
      try {
        const job = await api.get(`/jobs/${seg(id)}`);
        if (this.following !== id) return;
        const wasRunning = this.job && !this.finished(this.job);
        this.job = job;
        if (!this.errorsPaged) this.errors = job.errors || [];
        if (this.finished(job)) {
          if (wasRunning) {
            toast(job.state === 'completed' ? `Import done: ${job.rows_created} created, ${job.rows_updated} updated, ${job.rows_failed} failed.` : 'The import stopped.',
              { error: job.state === 'failed' });
          }
          this.loadJobs();
          return;
        }
      } catch (e) {
        if (this.following !== id) return;
        this.jobError = e;
        if (e instanceof ApiError && e.status === 404) return;
      }
      this.timer = setTimeout(poll, POLL_MS);
    };
    await poll();
  }

  finished(job) {
    return job.state === 'completed' || job.state === 'failed';
  }

  /** The next page of failed rows (the job itself carries the first 100). */
  async moreErrors() {
    const id = this.job.id;
    try {
      const page = await api.get(`/jobs/${seg(id)}/errors?limit=200${this.errorsCursor ? `&cursor=${seg(this.errorsCursor)}` : ''}`);
      this.errors = this.errorsPaged ? [...this.errors, ...page.data] : page.data;
      this.errorsPaged = true;
      this.errorsCursor = page.next_cursor;
    } catch (e) {
      toast(errorText(e), { error: true });
    }
  }

  // ---- rendering

  render() {
    return html`
      <div class="page-head"><h1>Import people</h1></div>
      ${this.jobId ? this.jobCard() : this.chooser()}
      ${this.jobsCard()}`;
  }

  chooser() {
    return html`
      <section class="card" aria-labelledby="import-file-title">
        <h2 id="import-file-title">1. Choose a file</h2>
        <p class="muted">CSV with a header row (one person per row), or NDJSON (one JSON object per line). Rows update the person with
          the same external id or email, or create one; tags that do not exist yet are created.</p>
        <div class=${this.dragging ? 'drop-zone dragging' : 'drop-zone'}
          @dragover=${(e) => { e.preventDefault(); this.dragging = true; }}
          @dragenter=${(e) => { e.preventDefault(); this.dragging = true; }}
          @dragleave=${(e) => { if (!e.currentTarget.contains(e.relatedTarget)) this.dragging = false; }}
          @drop=${this.onDrop}>
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 24 24"><path d="M12 16V4m0 0l-5 5m5-5l5 5M4 20h16" fill="none" stroke="currentColor" stroke-width="2"/></svg>
          <p>Drag a file here, or</p>
          <input id="import-file" class="visually-hidden" type="file" accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson"
            @change=${(e) => { this.choose(e.target.files[0]); e.target.value = ''; }}
            aria-describedby=${this.fileError ? 'import-file-error' : nothing}>
          <label for="import-file" class="button primary">Choose a file</label>
          ${this.file ? html`<p class="chosen"><strong>${this.file.name}</strong> · ${fileSize(this.file.size)} · ${this.format === 'csv' ? 'CSV' : 'NDJSON'}</p>` : nothing}
        </div>
        ${this.fileError ? html`<div class="form-error" id="import-file-error" role="alert">${say(this.fileError, errorText)}</div>` : nothing}
      </section>
      ${this.file && this.format === 'csv' && this.head ? this.mappingCard() : nothing}
      ${this.file && this.format === 'ndjson' ? this.ndjsonCard() : nothing}`;
  }

  startBar() {
    const busy = !!this.phase;
    return html`
      ${this.phase === 'preparing' ? html`<div class="field"><div class="muted" id="prepare-label">Preparing the file…</div>
        <div class="progress" role="progressbar" aria-labelledby="prepare-label" aria-valuemin="0" aria-valuemax="100"
          aria-valuenow=${Math.round(this.prepared * 100)}><div style=${`width:${Math.round(this.prepared * 100)}%`}></div></div></div>` : nothing}
      ${this.phase === 'uploading' ? html`<p role="status">Uploading ${fileSize(this.file.size)}…</p>` : nothing}
      <div class="row">
        <button type="button" class="primary" ?disabled=${busy} @click=${() => this.start()}>Start import</button>
        <button type="button" ?disabled=${busy} @click=${() => { this.file = null; this.head = null; this.startError = null; }}>Choose another file</button>
      </div>`;
  }

  ndjsonCard() {
    return html`<section class="card" aria-labelledby="import-start-title">
      <h2 id="import-start-title">2. Import</h2>
      <p>Each line of ${this.file.name} is one person: <code>name</code>, <code>emails</code>, <code>phones</code>, <code>external_id</code>,
        <code>avatar_url</code>, <code>location</code>, <code>tags</code> and <code>attributes</code>. The file is sent as it is.</p>
      ${formError(this.startError)}
      ${this.startBar()}
    </section>`;
  }

  mappingCard() {
    const head = this.head;
    const problems = this.mappingProblems;
    const err = this.startError;
    // the API names columns of the header it got (header[i]): find them in the file's columns
    const planned = this.lastPlan?.columns || [];
    const apiField = (i) => {
      const at = planned.findIndex((c) => c.sources.includes(i));
      return at < 0 ? null : `header[${at}]`;
    };
    const shown = planned.map((_, i) => `header[${i}]`);
    const kept = this.mapping.filter(Boolean).length;
    return html`<section class="card" aria-labelledby="import-map-title">
      <h2 id="import-map-title">2. Match the columns</h2>
      <p class="muted">${plural(head.header.length, 'column', 'columns')} in ${this.file.name}. Choose what each one is; columns left on
        “Don't import” are dropped. Several columns may go to Name (joined with spaces), Email(s), Phone(s) and Tags (lists).</p>
      ${err && !(err instanceof ApiError) ? html`<div class="form-error" role="alert">${say(err, errorText)}</div>` : formError(err, shown)}
      <div class="table-wrap">
        <table class="list mapping stack" aria-label="Columns of the file">
          <thead><tr><th scope="col">Column in the file</th><th scope="col">Example</th><th scope="col">Import as</th></tr></thead>
          <tbody>
            ${head.header.map((name, i) => {
              const problem = problems.columns.get(i);
              const field = apiField(i);
              const apiProblem = field && err instanceof ApiError ? err.field(field) : null;
              const example = head.samples.map((r) => r[i]).find((v) => v && v.trim()) || '';
              const errId = `map-err-${i}`;
              return html`<tr class=${this.mapping[i] ? '' : 'dropped'}>
                <th scope="row" class="primary-cell">${name || html`<span class="muted">(no name)</span>`}</th>
                <td class="example" data-label="Example" title=${example}>${example || html`<span class="muted">—</span>`}</td>
                <td data-label="Import as">
                  <select aria-label=${`Import “${name}” as`}
                    aria-invalid=${problem || apiProblem ? 'true' : 'false'} aria-describedby=${problem || apiProblem ? errId : nothing}
                    @change=${(e) => this.setTarget(i, e.target.value)}>
                    <option value="" ?selected=${!this.mapping[i]}>Don't import</option>
                    <optgroup label="Person">
                      ${STANDARD_TARGETS.map((t) => html`<option value=${t.value} ?selected=${this.mapping[i] === t.value}>${t.label}</option>`)}
                    </optgroup>
                    ${this.attributes.length ? html`<optgroup label="Custom attributes">
                      ${this.attributes.map((a) => html`<option value=${`attributes.${a.key}`} ?selected=${this.mapping[i] === `attributes.${a.key}`}>${a.label}</option>`)}
                    </optgroup>` : nothing}
                  </select>
                  ${problem || apiProblem ? html`<div class="field-error" id=${errId} role="alert">${problem || apiProblem}</div>` : nothing}
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p class="muted small">${plural(kept, 'column', 'columns')} imported, ${plural(head.header.length - kept, 'column', 'columns')} dropped.
        Lists in a cell (emails, phones, tags, options) are separated by <code>;</code>.</p>
      ${problems.whole && !this.startError ? html`<p class="warning">${problems.whole}</p>` : nothing}
      ${this.startBar()}
    </section>`;
  }

  jobCard() {
    const job = this.job;
    return html`<section class="card" aria-labelledby="job-title">
      <header><h2 id="job-title">Import ${job ? html`<span class="muted">· ${fmtDateTime(job.created_at)}</span>` : nothing}</h2>
        <a class="button" href=${href(['import'])}>Import another file</a></header>
      ${this.jobError ? html`<div class="form-error" role="alert">${this.jobError.status === 404 ? 'There is no such import (it may have been cleaned up).' : errorText(this.jobError)}</div>` : nothing}
      ${job ? this.jobBody(job) : this.jobError ? nothing : html`<p class="loading" role="status">Loading…</p>`}
    </section>`;
  }

  jobBody(job) {
    const percent = Math.max(0, Math.min(100, job.percent ?? 0));
    const processed = (job.rows_done || 0) + (job.rows_failed || 0);
    const total = job.rows_total;
    return html`
      <div class="row job-state">
        <span class=${`badge ${STATE_BADGE[job.state] ?? ''}`}>${STATE_WORD[job.state] || job.state}</span>
        <span class="muted">${job.format === 'csv' ? 'CSV' : 'NDJSON'} · started by ${job.created_by || 'someone'}
          ${job.finished_at ? html` · finished ${fmtAgo(job.finished_at)}` : nothing}</span>
      </div>
      <div class="progress job-progress" role="progressbar" aria-label="Import progress" aria-valuemin="0" aria-valuemax="100"
        aria-valuenow=${percent} aria-valuetext=${`${percent}%: ${processed.toLocaleString()}${total != null ? ` of ${total.toLocaleString()}` : ''} rows`}>
        <div style=${`width:${percent}%`} class=${job.state === 'failed' ? 'failed' : ''}></div></div>
      <p class="muted" aria-hidden="true">${percent}% · ${processed.toLocaleString()}${total != null ? ` of ${total.toLocaleString()}` : ''} rows</p>
      <dl class="counts">
        <div><dt>Done</dt><dd>${(job.rows_done || 0).toLocaleString()}</dd></div>
        <div><dt>Created</dt><dd>${(job.rows_created || 0).toLocaleString()}</dd></div>
        <div><dt>Updated</dt><dd>${(job.rows_updated || 0).toLocaleString()}</dd></div>
        <div class=${job.rows_failed ? 'bad' : ''}><dt>Failed</dt><dd>${(job.rows_failed || 0).toLocaleString()}</dd></div>
      </dl>
      ${job.state === 'failed' && job.error ? html`<div class="form-error" role="alert">The import stopped: ${job.error}</div>` : nothing}
      ${this.errorsTable(job)}`;
  }

  errorsTable(job) {
    const total = job.errors_total ?? job.rows_failed ?? 0;
    if (!total && !this.errors.length) return nothing;
    const more = this.errorsPaged ? !!this.errorsCursor : total > this.errors.length;
    return html`<h3 id="job-errors-title">Rows that failed (${total.toLocaleString()})</h3>
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="job-errors-title">
        <table class="list job-errors stack" aria-labelledby="job-errors-title">
          <thead><tr><th scope="col">Line</th><th scope="col">Person</th><th scope="col">Reason</th></tr></thead>
          <tbody>${repeat(this.errors, (e) => e.line, (e) => html`<tr>
            <td data-label="Line">${e.line}</td><td data-label="Person">${e.key || html`<span class="muted">—</span>`}</td><td class="reason" data-label="Reason">${e.reason}</td></tr>`)}</tbody>
        </table>
      </div>
      ${more ? html`<p><button type="button" @click=${() => this.moreErrors()}>Show more failed rows</button>
        <span class="muted">${plural(this.errors.length, 'row', 'rows')} shown</span></p>` : nothing}
      ${!more && total > this.errors.length ? html`<p class="muted small">The reasons of ${plural(total - this.errors.length, 'more row', 'more rows')} were not kept; only their count.</p>` : nothing}`;
  }

  jobsCard() {
    return html`<section class="card" aria-labelledby="jobs-title">
      <header><h2 id="jobs-title">Recent imports</h2>
        <button type="button" @click=${() => this.loadJobs()}>Refresh</button></header>
      ${formError(this.jobsError)}
      ${this.jobs.length === 0 ? html`<p class="empty">No imports yet.</p>` : html`<div class="table-wrap">
        <table class="list jobs stack" aria-labelledby="jobs-title">
          <thead><tr><th scope="col">Started</th><th scope="col">By</th><th scope="col">State</th><th scope="col">Rows</th>
            <th scope="col">Created</th><th scope="col">Updated</th><th scope="col">Failed</th><th scope="col"><span class="visually-hidden">Details</span></th></tr></thead>
          <tbody>${repeat(this.jobs, (j) => j.id, (j) => html`<tr class=${j.id === this.jobId ? 'selected' : ''}>
            <td class="primary-cell" title=${fmtDateTime(j.created_at)}>${fmtAgo(j.created_at)}</td>
            <td data-label="By">${j.created_by || ''}</td>
            <td data-label="State"><span class=${`badge ${STATE_BADGE[j.state] ?? ''}`}>${STATE_WORD[j.state] || j.state}</span>${j.state === 'running' ? ` ${j.percent}%` : ''}</td>
            <td data-label="Rows">${(j.rows_total ?? 0).toLocaleString()}</td>
            <td data-label="Created">${(j.rows_created || 0).toLocaleString()}</td>
            <td data-label="Updated">${(j.rows_updated || 0).toLocaleString()}</td>
            <td data-label="Failed">${(j.rows_failed || 0).toLocaleString()}</td>
            <td class="row-actions"><a href=${href(['import'], { job: j.id })} aria-label=${`Details of the import started ${fmtDateTime(j.created_at)}`}
              aria-current=${j.id === this.jobId ? 'true' : nothing}>Details</a></td>
          </tr>`)}</tbody>
        </table></div>`}
    </section>`;
  }
}

define('rp-import', RpImport);
