// Plugins' parts of the dashboard (GET /api/v1/ui/extensions): each an ES module served by its plugin that
// defines custom elements, e.g. an attribute type's editor and display. They are loaded when the page
// starts and again when the change stream says they changed: a plugin installed while a page is open
// gives it the editor at once; removed, the page falls back to the raw value.
import { api } from './api.js';
import { onExtensions } from './live.js';

let byKey = new Map(); // "attribute-type:currency" -> {module, elements}
let loading = null;

export async function loadExtensions() {
  if (loading) {
    return loading;
  }
  loading = (async () => {
    try {
      const page = await api.get('/ui/extensions');
      const next = new Map();
      for (const e of page.data) {
        try {
          await import(e.module);
          next.set(`${e.kind}:${e.target}`, e);
        } catch (err) {
          console.warn(`The dashboard part of ${e.plugin} (${e.module}) could not be loaded`, err);
        }
      }
      byKey = next;
      window.dispatchEvent(new CustomEvent('rp-extensions'));
    } finally {
      loading = null;
    }
  })();
  return loading;
}

onExtensions(() => loadExtensions());

/** The extension for an attribute type or channel, or undefined: {module, elements: {editor, display, message}}. */
export function extension(kind, target) {
  const e = byKey.get(`${kind}:${target}`);
  // an element whose plugin went away is still defined in this page, but no longer in use
  return e && Object.values(e.elements).every((name) => customElements.get(name)) ? e : undefined;
}
