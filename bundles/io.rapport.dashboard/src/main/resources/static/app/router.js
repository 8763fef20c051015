// Routes live in the URL's hash (#/people, #/people/per_…, #/companies?filter=…): shareable links, and the
// back button works; the server serves one page.

/** The current route: {path: ['people', 'per_x'], query: URLSearchParams}. */
export function current() {
  const hash = location.hash.replace(/^#/, '') || '/people';
  const [path, query] = hash.split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query || '') };
}

/** A link to a route: href(['people', id]) or href(['people'], {filter: …}). */
export function href(path, query) {
  const q = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString() : '';
  return '#/' + path.map(encodeURIComponent).join('/') + (q ? '?' + q : '');
}

export function go(path, query, { replace = false } = {}) {
  const target = href(path, query);
  if (replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}
