// The submission body the page builds, addressed by JSON pointers.

import { token } from './schema.js';

function tokens(ptr) {
  return ptr.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Returns the value at ptr in obj, or undefined. */
export function getAt(obj, ptr) {
  let cur = obj;
  for (const t of tokens(ptr)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[t];
  }
  return cur;
}

/** Sets the value at ptr in obj, making the objects on the way. */
export function setAt(obj, ptr, value) {
  const ts = tokens(ptr);
  let cur = obj;
  ts.slice(0, -1).forEach((t, i) => {
    if (cur[t] === null || typeof cur[t] !== 'object') cur[t] = /^\d+$/.test(ts[i + 1]) ? [] : {};
    cur = cur[t];
  });
  cur[ts[ts.length - 1]] = value;
}

/** Deletes the member at ptr (an array element is spliced out). */
export function deleteAt(obj, ptr) {
  const ts = tokens(ptr);
  const parent = getAt(obj, ts.slice(0, -1).map((t) => '/' + token(t)).join(''));
  if (parent === undefined || parent === null || typeof parent !== 'object') return;
  const last = ts[ts.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
}

/** Makes a DOM id out of a pointer. */
export function idOf(prefix, ptr) {
  return prefix + ptr.replace(/[^A-Za-z0-9_-]/g, (c) => '_' + c.charCodeAt(0).toString(16));
}
