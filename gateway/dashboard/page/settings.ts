/**
 * The page's settings: the token, the stores to follow and the chat room. The URL
 * (`?stores=store-1,store-2&room=lobby#token=…`) wins, then what Apply saved in localStorage,
 * then the demo's stores and room. The token comes in the fragment, which browsers never send
 * to a server (a `?token=` would be in the gateway's and every proxy's request line).
 */
import { DEMO_ROOM, DEMO_STORES } from './demo-defaults.js';

export interface Settings {
  readonly token: string;
  readonly stores: readonly string[];
  readonly room: string;
}

const STORAGE_PREFIX = 'eventline.dashboard.';
type Setting = 'token' | 'stores' | 'room';

/** "store-1, store-2 store-2" → ['store-1', 'store-2']. */
export function parseStores(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

export function loadSettings(): Settings {
  const params = new URLSearchParams(location.search);
  const fragment = new URLSearchParams(location.hash.slice(1));
  const read = (name: Setting): string | undefined => params.get(name) ?? localStorage.getItem(STORAGE_PREFIX + name) ?? undefined;
  const token = fragment.get('token') ?? read('token') ?? '';
  if (fragment.has('token')) {
    // Out of the address bar (and so out of history, bookmarks and screenshots) once read.
    localStorage.setItem(`${STORAGE_PREFIX}token`, token);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  const stores = parseStores(read('stores') ?? '');
  return { token, stores: stores.length > 0 ? stores : DEMO_STORES, room: read('room')?.trim() || DEMO_ROOM };
}

/** Saves the settings for the next visit; the URL no longer overrides them. */
export function saveSettings(settings: Settings): void {
  localStorage.setItem(`${STORAGE_PREFIX}token`, settings.token);
  localStorage.setItem(`${STORAGE_PREFIX}stores`, settings.stores.join(','));
  localStorage.setItem(`${STORAGE_PREFIX}room`, settings.room);
}
