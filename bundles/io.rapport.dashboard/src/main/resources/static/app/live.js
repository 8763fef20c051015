// Live updates: the API's change stream (server-sent events from the durable change log). EventSource
// reconnects by itself and sends Last-Event-ID, so no change is missed across a dropped connection.
// Components listen with onChange(fn) and get each change: {seq, topic, model, subject_id, actor, data}.

const changeListeners = new Set();
const extensionListeners = new Set();
let source = null;

export function startLive() {
  if (source) {
    return;
  }
  source = new EventSource('/api/v1/changes/stream');
  source.addEventListener('change', (e) => {
    let change;
    try {
      change = JSON.parse(e.data);
    } catch {
      return;
    }
    changeListeners.forEach((l) => l(change));
  });
  source.addEventListener('extensions', () => extensionListeners.forEach((l) => l()));
}

export function stopLive() {
  if (source) {
    source.close();
    source = null;
  }
}

/** Calls listener with every change; answers how to stop. */
export function onChange(listener) {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** Calls listener when plugins' dashboard parts came or went. */
export function onExtensions(listener) {
  extensionListeners.add(listener);
  return () => extensionListeners.delete(listener);
}
