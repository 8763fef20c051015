// Signing in, and setting up a new Rapport: the admin token from data/admin-token (as Jenkins asks for its
// initial password), then the first admin's email, name and password.
import { RpElement, define, html } from './lib.js';
import { api } from './api.js';
import { fieldError, formError, invalid } from './ui.js';

class RpSignin extends RpElement {
  static properties = { error: { state: true }, busy: { state: true } };

  async submit(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    this.busy = true;
    this.error = null;
    try {
      const user = await api.post('/session', { email: form.get('email'), password: form.get('password') });
      this.dispatchEvent(new CustomEvent('rp-signed-in', { detail: user, bubbles: true }));
    } catch (err) {
      this.error = err;
    } finally {
      this.busy = false;
    }
  }

  render() {
    return html`<main class="center-page">
      <form class="card" @submit=${this.submit} novalidate aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Rapport</h1>
        <p class="muted">Your team's contacts, companies and conversations.</p>
        ${formError(this.error, ['email'])}
        <div class="field"><label for="signin-email">Email</label>
          <input id="signin-email" name="email" type="email" autocomplete="username" required autofocus
            aria-invalid=${invalid(this.error, 'email')} aria-describedby="err-email">${fieldError(this.error, 'email')}</div>
        <div class="field"><label for="signin-password">Password</label>
          <input id="signin-password" name="password" type="password" autocomplete="current-password" required></div>
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Signing in…' : 'Sign in'}</button>
      </form></main>`;
  }
}

class RpSetup extends RpElement {
  static properties = { error: { state: true }, busy: { state: true } };

  async submit(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    this.busy = true;
    this.error = null;
    try {
      const user = await api.post('/setup', {
        token: form.get('token').trim(), email: form.get('email'), name: form.get('name'), password: form.get('password'),
      });
      this.dispatchEvent(new CustomEvent('rp-signed-in', { detail: user, bubbles: true }));
    } catch (err) {
      this.error = err;
    } finally {
      this.busy = false;
    }
  }

  field(name, label, type, extra = {}) {
    return html`<div class="field"><label for=${`setup-${name}`}>${label}</label>
      <input id=${`setup-${name}`} name=${name} type=${type} autocomplete=${extra.autocomplete || 'off'} required
        aria-invalid=${invalid(this.error, name)} aria-describedby=${`err-${name} hint-${name}`}>
      ${extra.hint ? html`<div class="muted" id=${`hint-${name}`}>${extra.hint}</div>` : ''}
      ${fieldError(this.error, name)}</div>`;
  }

  render() {
    return html`<main class="center-page">
      <form class="card" @submit=${this.submit} novalidate aria-labelledby="setup-title">
        <h1 id="setup-title">Set up Rapport</h1>
        <p class="muted">Create the first admin. To prove you run this server, paste the admin token from
          <code>data/admin-token</code> in Rapport's home folder.</p>
        ${formError(this.error, ['token', 'email', 'name', 'password'])}
        ${this.field('token', 'Admin token', 'password', { hint: 'It starts with rpt_.' })}
        ${this.field('email', 'Your email', 'email', { autocomplete: 'username' })}
        ${this.field('name', 'Your name', 'text', { autocomplete: 'name' })}
        ${this.field('password', 'Password', 'password', { autocomplete: 'new-password', hint: 'At least 10 characters.' })}
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Setting up…' : 'Create admin and sign in'}</button>
      </form></main>`;
  }
}

define('rp-signin', RpSignin);
define('rp-setup', RpSetup);
