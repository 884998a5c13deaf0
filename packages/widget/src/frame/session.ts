import { serverBase } from './api';
import { embedded, toHost } from './bridge';

/**
 * The visitor token, kept in this origin's localStorage (the frame runs on Parley's origin, so the
 * host site cannot read it) under a key naming the server, so it survives host navigation and reloads.
 * Browsers that partition third-party storage keep one token per host site, which is what we want.
 *
 * Browsers that deny third-party storage altogether (blocked third-party cookies) make the loader keep
 * it instead, in the host page's own localStorage (namespaced per server URL): the chat still survives
 * reloads, at the price of the host page's scripts being able to read the token.
 */
const key = `parley:${serverBase.href}:visitor-token`;
let memory: string | null = null;

export const frameStorage: boolean = (() => {
  try {
    localStorage.getItem(key);
    return true;
  } catch {
    return false;
  }
})();

/** True when the token must come from the host page (the loader sends it in answer to `hello`). */
export const tokenFromHost = embedded && !frameStorage;

export function loadToken(fromHost: string | null = null): string | null {
  if (!frameStorage) return (memory ??= fromHost);
  try {
    return localStorage.getItem(key);
  } catch {
    return memory;
  }
}

export function saveToken(token: string | null): void {
  memory = token;
  if (frameStorage) {
    try {
      if (token) localStorage.setItem(key, token);
      else localStorage.removeItem(key);
    } catch {
      // quota or policy: the token lives as long as the page
    }
  } else toHost({ t: 'token', token });
}
