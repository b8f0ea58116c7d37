/**
 * The page's settings: the token, the stores to follow and the chat room. The URL
 * (`?token=…&stores=store-1,store-2&room=lobby`) wins, then what Apply saved in
 * localStorage, then the demo's stores and room.
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
  const read = (name: Setting): string | undefined => params.get(name) ?? localStorage.getItem(STORAGE_PREFIX + name) ?? undefined;
  const token = read('token') ?? '';
  if (params.has('token')) {
    // Out of the address bar (and so out of history, bookmarks and screenshots) once read.
    localStorage.setItem(`${STORAGE_PREFIX}token`, token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}`);
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
