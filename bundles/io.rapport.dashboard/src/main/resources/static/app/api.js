// The one way the dashboard talks to Rapport: the public REST API at /api/v1, like any other client.
// Signed in by the session cookie; requests that change something carry the session's CSRF token.

/** An error answer of the API (application/problem+json): status, title, detail, and the fields at fault. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem?.title || `HTTP ${status}`;
    this.detail = problem?.detail || this.title;
    this.errors = problem?.errors || [];
  }

  /** The message for one field (as the API names it), or null. */
  field(name) {
    const e = this.errors.find((x) => x.field === name || x.field.startsWith(name + '.') || x.field.startsWith(name + '['));
    return e ? e.message : null;
  }
}

let csrfToken = null;
const listeners = new Set();

export function setCsrf(token) {
  csrfToken = token;
}

/** Called with the ApiError when the session has ended (401), so that the app shows the sign-in page. */
export function onSignedOut(listener) {
  listeners.add(listener);
}

/**
 * A request; answers {body, etag, status, headers}. body is the parsed JSON (null for 204). Throws
 * ApiError for any error status. options: {ifMatch, contentType, raw (a body sent as it is), signal}.
 */
export async function request(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  if (options.ifMatch) {
    headers['If-Match'] = options.ifMatch;
  }
  let payload;
  if (options.raw !== undefined) {
    payload = options.raw;
    headers['Content-Type'] = options.contentType;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = options.contentType || (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
  }
  const response = await fetch('/api/v1' + path, { method, headers, body: payload, credentials: 'same-origin', signal: options.signal });
  let parsed = null;
  if (response.status !== 204) {
    const text = await response.text();
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { detail: text };
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed);
    if (response.status === 401 && !path.startsWith('/session') && !path.startsWith('/setup')) {
      listeners.forEach((l) => l(error));
    }
    throw error;
  }
  return { body: parsed, etag: response.headers.get('ETag'), status: response.status, headers: response.headers };
}

export const api = {
  get: async (path, options) => (await request('GET', path, undefined, options)).body,
  post: async (path, body, options) => (await request('POST', path, body, options)).body,
  put: async (path, body, options) => (await request('PUT', path, body, options)).body,
  patch: async (path, body, options) => (await request('PATCH', path, body, options)).body,
  del: async (path, options) => (await request('DELETE', path, undefined, options)).body,
};

/** Encodes one path segment (ids are opaque). */
export const seg = encodeURIComponent;
