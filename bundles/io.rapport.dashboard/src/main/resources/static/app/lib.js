// What every component imports: Lit, rendered into the light DOM so that one stylesheet (app.css) styles
// everything, and browsers' accessibility tools and tests see plain elements.
import { LitElement, html, nothing, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { live } from 'lit/directives/live.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';

export { html, nothing, css, repeat, live, ifDefined, unsafeHTML };

export class RpElement extends LitElement {
  createRenderRoot() {
    return this;
  }
}

/** Defines a custom element once (modules may be loaded again by a plugin's page). */
export function define(name, cls) {
  if (!customElements.get(name)) {
    customElements.define(name, cls);
  }
}
