// The page's only way to the server: the /v1/invitation routes, with the
// invitation's token (never an API key).

/** Makes the client for one invitation token. */
export function client(token) {
  const auth = { Authorization: `Invitation ${token}` };
  async function call(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: body === undefined ? auth : { ...auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
    let parsed = {};
    try { parsed = await res.json(); } catch { parsed = {}; }
    return { status: res.status, body: parsed };
  }
  return {
    session: () => call('GET', '/v1/invitation'),
    submit: (body) => call('POST', '/v1/invitation/submissions', body),
    /** Fetches a record's PDF as a Blob, or throws. */
    async pdf(url) {
      const res = await fetch(url, { headers: auth, cache: 'no-store', credentials: 'omit' });
      if (!res.ok) throw new Error(`download failed: ${res.status}`);
      return res.blob();
    },
  };
}

/** Takes the next waiting kiosk invitation with a tablet's kiosk token. */
export async function kioskNext(kioskToken) {
  const res = await fetch('/v1/kiosk/next', {
    method: 'POST', headers: { Authorization: `Kiosk ${kioskToken}` }, cache: 'no-store', credentials: 'omit',
  });
  let body = {};
  try { body = await res.json(); } catch { body = {}; }
  return { status: res.status, body };
}
