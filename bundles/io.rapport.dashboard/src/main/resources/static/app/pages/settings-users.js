// Settings > Users (admins): the team who signs in to the dashboard; invite (create with a first password),
// change roles, deactivate and reactivate, delete. Settings > Your account (everyone): your name and
// password. The API refuses to leave the team without an active admin (409); its words are shown.
import { RpElement, define, html, nothing, repeat } from '../lib.js';
import { api, seg } from '../api.js';
import { confirmDialog, errorText, fieldError, fmtDate, formError, invalid, toast } from '../ui.js';
import { describedBy } from './settings/forms.js';

const MIN_PASSWORD = 10;

/** A random password that is easy to read out: 4 groups of 4 letters and digits, no look-alikes. */
function randomPassword() {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g).join('-');
}

/** The shell shows the signed-in user's name: tell it when it changed. */
function refreshShell() {
  document.querySelector('rp-app')?.requestUpdate();
}

class RpSettingsUsers extends RpElement {
  static properties = {
    route: { attribute: false },
    user: { attribute: false },
    users: { state: true },
    busy: { state: true },
    error: { state: true },
    problem: { state: true }, // {userId, error}: the last action that failed
    dialogOpen: { state: true },
    dialogError: { state: true },
    showPassword: { state: true },
    saving: { state: true },
  };

  constructor() {
    super();
    this.users = [];
  }

  get admin() {
    return this.user?.role === 'admin';
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Users · Rapport';
    if (this.admin) this.load();
  }

  async load() {
    this.busy = true;
    try {
      this.users = (await api.get('/users')).data;
      this.error = null;
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  async change(u, body, done) {
    this.problem = null;
    try {
      const updated = await api.patch(`/users/${seg(u.id)}`, body);
      this.users = this.users.map((x) => (x.id === u.id ? updated : x));
      toast(done(updated));
      if (u.id === this.user.id) {
        Object.assign(this.user, { name: updated.name, role: updated.role });
        refreshShell();
      }
    } catch (e) {
      this.problem = { userId: u.id, error: e };
      this.users = [...this.users]; // puts a refused choice back
    }
  }

  setRole(u, e) {
    const role = e.target.value;
    if (role === u.role) return;
    const select = e.target;
    this.change(u, { role }, (x) => `${x.name} is now ${x.role === 'admin' ? 'an admin' : 'an agent'}.`)
      .then(() => { select.value = this.users.find((x) => x.id === u.id)?.role || u.role; });
  }

  async setActive(u, active) {
    const message = u.id === this.user.id
      ? 'Deactivate your own account? You are signed out and cannot sign in until another admin reactivates you.'
      : `Deactivate ${u.name}? They are signed out and cannot sign in until reactivated.`;
    if (!active && !(await confirmDialog(message, { confirm: 'Deactivate' }))) return;
    this.change(u, { active }, (x) => (x.active ? `${x.name} can sign in again.` : `${x.name} can no longer sign in.`));
  }

  async deleteUser(u) {
    this.problem = null;
    if (!(await confirmDialog(`Delete the user ${u.name} (${u.email})? What they did stays on the timeline under their name.`))) return;
    try {
      await api.del(`/users/${seg(u.id)}`);
      this.users = this.users.filter((x) => x.id !== u.id);
      toast(`Deleted ${u.name}.`);
    } catch (e) {
      this.problem = { userId: u.id, error: e };
    }
  }

  async openInvite() {
    this.dialogError = null;
    this.showPassword = false;
    this.dialogOpen = true;
    await this.updateComplete;
    const dialog = this.querySelector('dialog.invite');
    dialog?.querySelector('form')?.reset();
    dialog?.showModal();
  }

  generate() {
    const input = this.querySelector('#invite-password');
    input.value = randomPassword();
    this.showPassword = true;
    input.focus();
  }

  async invite(e) {
    e.preventDefault();
    const f = e.target.elements;
    const body = { email: f.email.value.trim(), name: f.name.value.trim(), role: f.role.value, password: f.password.value };
    this.saving = true;
    try {
      const created = await api.post('/users', body);
      this.users = [...this.users, created];
      this.querySelector('dialog.invite')?.close();
      toast(`Added ${created.name}. Give them their email and first password; they can change it under Your account.`);
    } catch (err) {
      this.dialogError = err;
    } finally {
      this.saving = false;
    }
  }

  render() {
    if (!this.admin) {
      return html`<div class="page-head"><h1>Users</h1></div>
        <div class="card"><p>Only admins manage users.</p><p><a href="#/settings/account">Change your own name and password</a>.</p></div>`;
    }
    const p = this.problem;
    const who = p && this.users.find((x) => x.id === p.userId);
    return html`
      <div class="page-head"><h1>Users</h1>
        <span class="muted" role="status">${this.users.length ? `${this.users.length} ${this.users.length === 1 ? 'user' : 'users'}` : ''}</span>
        <span class="spacer"></span>
        <button type="button" class="primary" @click=${() => this.openInvite()}>+ Invite</button></div>
      ${formError(this.error)}
      ${p ? html`<div class="form-error" role="alert">${who ? html`<strong>${who.name}:</strong> ` : nothing}${errorText(p.error)}
        <button type="button" class="link" @click=${() => { this.problem = null; }}>Dismiss</button></div>` : nothing}
      <section class="card" aria-labelledby="team-title">
        <h2 id="team-title">Team</h2>
        ${this.busy && !this.users.length ? html`<p class="loading" role="status">Loading…</p>` : this.table()}
        <p class="muted small">Admins manage users, tokens and plugins; agents do everything else. The team always keeps one active admin.</p>
      </section>
      ${this.inviteDialog()}`;
  }

  table() {
    return html`<div class="table-wrap">
      <table class="list users-table stack" aria-label="Users">
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th>
          <th scope="col">Added</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          ${repeat(this.users, (u) => u.id, (u) => {
            const me = u.id === this.user.id;
            return html`<tr class=${u.active ? '' : 'archived'}>
              <td class="primary-cell"><strong>${u.name}</strong>${me ? html` <span class="badge">you</span>` : nothing}</td>
              <td data-label="Email">${u.email}</td>
              <td data-label="Role"><select aria-label=${`Role of ${u.name}`} @change=${(e) => this.setRole(u, e)}>
                <option value="admin" ?selected=${u.role === 'admin'}>Admin</option>
                <option value="agent" ?selected=${u.role === 'agent'}>Agent</option></select></td>
              <td data-label="Status">${u.active ? html`<span class="badge ok">Active</span>` : html`<span class="badge danger">Deactivated</span>`}</td>
              <td data-label="Added">${fmtDate(u.created_at)}</td>
              <td class="row-actions">
                ${u.active
                  ? html`<button type="button" aria-label=${`Deactivate ${u.name}`} @click=${() => this.setActive(u, false)}>Deactivate</button>`
                  : html`<button type="button" aria-label=${`Reactivate ${u.name}`} @click=${() => this.setActive(u, true)}>Reactivate</button>`}
                <button type="button" class="danger" aria-label=${`Delete ${u.name}`} @click=${() => this.deleteUser(u)}>Delete</button>
              </td>
            </tr>`;
          })}
        </tbody>
      </table></div>`;
  }

  inviteDialog() {
    const err = this.dialogError;
    const field = (name, label, input, hint) => html`<div class="field"><label for=${`invite-${name}`}>${label}</label>${input}
      ${hint ? html`<div class="muted small" id=${`invite-${name}-hint`}>${hint}</div>` : nothing}
      ${fieldError(err, name, `invite-err-${name}`)}</div>`;
    return html`<dialog class="invite" aria-labelledby="invite-title" @close=${() => { this.dialogOpen = false; }}>
      <form @submit=${this.invite} novalidate>
        <h2 id="invite-title">Invite a user</h2>
        <p class="muted">Creates their account with a first password. Share it with them safely; they can change it under Your account.</p>
        ${formError(err, ['email', 'name', 'role', 'password'])}
        ${field('email', 'Email', html`<input id="invite-email" name="email" type="email" required autocomplete="off" maxlength="254"
          aria-invalid=${invalid(err, 'email')} aria-describedby=${describedBy(err, 'email', 'invite-err-email')}>`)}
        ${field('name', 'Name', html`<input id="invite-name" name="name" required maxlength="100" autocomplete="off"
          aria-invalid=${invalid(err, 'name')} aria-describedby=${describedBy(err, 'name', 'invite-err-name')}>`)}
        ${field('role', 'Role', html`<select id="invite-role" name="role" aria-invalid=${invalid(err, 'role')}
          aria-describedby=${describedBy(err, 'role', 'invite-err-role', 'invite-role-hint')}>
          <option value="agent" selected>Agent</option><option value="admin">Admin</option></select>`,
          'Admins also manage users, tokens and plugins.')}
        ${field('password', 'First password', html`<div class="row nowrap">
          <input id="invite-password" name="password" type=${this.showPassword ? 'text' : 'password'} required minlength=${MIN_PASSWORD}
            autocomplete="new-password" spellcheck="false" aria-invalid=${invalid(err, 'password')}
            aria-describedby=${describedBy(err, 'password', 'invite-err-password', 'invite-password-hint')}>
          <button type="button" @click=${() => this.generate()}>Generate</button>
          <button type="button" aria-pressed=${this.showPassword ? 'true' : 'false'} @click=${() => { this.showPassword = !this.showPassword; }}>Show</button>
          </div>`, `At least ${MIN_PASSWORD} characters.`)}
        <div class="actions"><button type="button" @click=${(e) => e.target.closest('dialog').close()}>Cancel</button>
          <button type="submit" class="primary" ?disabled=${this.saving}>Invite</button></div>
      </form>
    </dialog>`;
  }
}

define('rp-settings-users', RpSettingsUsers);

class RpAccount extends RpElement {
  static properties = {
    route: { attribute: false },
    user: { attribute: false },
    me: { state: true },
    nameError: { state: true },
    passwordError: { state: true },
    savingName: { state: true },
    savingPassword: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Your account · Rapport';
    this.load();
  }

  async load() {
    try {
      this.me = await api.get(`/users/${seg(this.user.id)}`);
    } catch (e) {
      this.me = { ...this.user };
      if (e.status !== 404) this.nameError = e;
    }
  }

  async saveName(e) {
    e.preventDefault();
    const name = e.target.elements.name.value.trim();
    this.savingName = true;
    try {
      this.me = await api.patch(`/users/${seg(this.user.id)}`, { name });
      this.nameError = null;
      this.user.name = this.me.name;
      refreshShell();
      toast('Saved your name.');
    } catch (err) {
      this.nameError = err;
    } finally {
      this.savingName = false;
    }
  }

  async savePassword(e) {
    e.preventDefault();
    const form = e.target;
    const f = form.elements;
    if (f.password.value !== f.confirm.value) {
      this.passwordError = { local: 'confirm', message: 'The two new passwords differ; type the same one twice.' };
      f.confirm.focus();
      return;
    }
    this.savingPassword = true;
    try {
      await api.patch(`/users/${seg(this.user.id)}`, { password: f.password.value, current_password: f.current.value });
      this.passwordError = null;
      form.reset();
      toast('Changed your password.');
    } catch (err) {
      this.passwordError = err;
    } finally {
      this.savingPassword = false;
    }
  }

  render() {
    const me = this.me || this.user;
    const ne = this.nameError;
    const pe = this.passwordError?.local ? null : this.passwordError;
    const confirmProblem = this.passwordError?.local === 'confirm' ? this.passwordError.message : null;
    return html`
      <div class="page-head"><h1>Your account</h1></div>
      <div class="settings-grid">
        <section class="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <form @submit=${this.saveName} novalidate>
            ${formError(ne, ['name'])}
            <div class="field"><label for="account-email">Email</label>
              <input id="account-email" type="email" .value=${me.email || ''} readonly aria-describedby="account-email-hint">
              <div class="muted small" id="account-email-hint">You sign in with it; it cannot be changed here.</div></div>
            <div class="field"><label for="account-name">Name</label>
              <input id="account-name" name="name" required maxlength="100" autocomplete="name" .value=${me.name || ''}
                aria-invalid=${invalid(ne, 'name')} aria-describedby=${describedBy(ne, 'name', 'account-err-name')}>
              ${fieldError(ne, 'name', 'account-err-name')}</div>
            <p class="muted small">Role: ${me.role === 'admin' ? 'Admin' : 'Agent'}</p>
            <button type="submit" class="primary" ?disabled=${this.savingName}>Save name</button>
          </form>
        </section>
        <section class="card" aria-labelledby="password-title">
          <h2 id="password-title">Password</h2>
          <form @submit=${this.savePassword} novalidate>
            ${formError(pe, ['password', 'current_password'])}
            <input type="text" name="username" autocomplete="username" .value=${me.email || ''} hidden>
            <div class="field"><label for="account-current">Current password</label>
              <input id="account-current" name="current" type="password" required autocomplete="current-password"
                aria-invalid=${invalid(pe, 'current_password')} aria-describedby=${describedBy(pe, 'current_password', 'account-err-current')}>
              ${fieldError(pe, 'current_password', 'account-err-current')}</div>
            <div class="field"><label for="account-password">New password</label>
              <input id="account-password" name="password" type="password" required minlength=${MIN_PASSWORD} autocomplete="new-password"
                aria-invalid=${invalid(pe, 'password')} aria-describedby=${describedBy(pe, 'password', 'account-err-password', 'account-password-hint')}>
              <div class="muted small" id="account-password-hint">At least ${MIN_PASSWORD} characters.</div>
              ${fieldError(pe, 'password', 'account-err-password')}</div>
            <div class="field"><label for="account-confirm">New password again</label>
              <input id="account-confirm" name="confirm" type="password" required autocomplete="new-password"
                aria-invalid=${confirmProblem ? 'true' : 'false'} aria-describedby=${confirmProblem ? 'account-err-confirm' : nothing}>
              ${confirmProblem ? html`<div class="field-error" id="account-err-confirm" role="alert">${confirmProblem}</div>` : nothing}</div>
            <button type="submit" class="primary" ?disabled=${this.savingPassword}>Change password</button>
          </form>
        </section>
      </div>`;
  }
}

define('rp-account', RpAccount);
