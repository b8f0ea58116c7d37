/**
 * The dashboard page: settings, connection state, the store cards with their chart, the
 * stock cards and the chat panel, all on one typed EventlineClient. Bundled into one module
 * that loads the SDK's browser bundle (client/tools/build.ts).
 */
import { EventlineClient, type ConnectingEvent, type ConnectionState, type DisconnectedEvent, type EventlineSchema } from '../../../client/index.js';
import { ChatPanel } from './chat-panel.js';
import { CommandFeedback } from './command-feedback.js';
import { part } from './dom.js';
import { RevenueChart } from './revenue-chart.js';
import { loadSettings, parseStores, saveSettings, type Settings } from './settings.js';
import { followStock } from './stock-cards.js';
import { followStores } from './store-cards.js';

/** Dashboards stay open for hours: retry at least every 5 s rather than the SDK's 10. */
const RECONNECT_MAX_DELAY_MS = 5_000;
/** Failed attempts after which the page suggests checking the gateway and the token. */
const ATTEMPTS_BEFORE_HINT = 3;

const notice = part('notice');

function showNotice(text: string | undefined): void {
  notice.textContent = text ?? '';
  notice.hidden = text === undefined;
}

function report(error: unknown): void {
  console.error(error);
  showNotice(error instanceof Error ? error.message : String(error));
}

function showState(state: ConnectionState, label: string): void {
  const badge = part('connection-state');
  badge.dataset.state = state;
  badge.textContent = label;
}

function showConnecting({ attempt, delayMs, error }: ConnectingEvent): void {
  showState('connecting', attempt === 0 ? 'connecting…' : `reconnecting in ${Math.ceil(delayMs / 1000)} s`);
  // A refused upgrade's status is invisible to a browser: after a few failures, suggest the likely causes.
  if (attempt >= ATTEMPTS_BEFORE_HINT) showNotice(`Cannot reach the gateway (${attempt} attempts${error ? `, ${error.code}` : ''}): is it running, and is the token valid and unexpired?`);
}

function showDisconnected({ error }: DisconnectedEvent): void {
  showState('disconnected', 'disconnected');
  showNotice(`Disconnected (${error.code}): ${error.message}. Check the token in Settings.`);
}

/** Fills the settings form; Apply saves and reloads, so every part starts over with the new settings. */
function bindSettingsForm(settings: Settings): void {
  const form = part<HTMLFormElement>('settings-form');
  const field = (name: string): HTMLInputElement => form.elements.namedItem(name) as HTMLInputElement;
  field('token').value = settings.token;
  field('stores').value = settings.stores.join(', ');
  field('room').value = settings.room;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveSettings({ token: field('token').value.trim(), stores: parseStores(field('stores').value), room: field('room').value.trim() });
    location.reload();
  });
}

function start(): void {
  const settings = loadSettings();
  bindSettingsForm(settings);
  if (settings.token === '') {
    part<HTMLDetailsElement>('settings').open = true;
    showNotice('Paste a token (npm start prints a development token) and press Apply.');
    return;
  }
  const client = new EventlineClient<EventlineSchema>({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
    token: settings.token,
    reconnectMaxDelayMs: RECONNECT_MAX_DELAY_MS,
  });
  client.on('connecting', showConnecting);
  client.on('connected', () => {
    showState('connected', 'live');
    showNotice(undefined);
  });
  client.on('disconnected', showDisconnected);
  // Retried errors (a silent connection, a refused subscription) go to the console; the badge and cards say what matters.
  client.on('error', (error) => console.warn('eventline:', error));

  const chart = new RevenueChart(part('revenue-chart'), part('revenue-chart-canvas'), settings.stores);
  followStores(client, part('store-cards'), settings.stores, (storeId, row) => chart.update(storeId, row));
  void chart.start();
  followStock(client, part('stock-cards'), settings.stores);
  void new ChatPanel({ client, token: settings.token, roomId: settings.room, feedback: new CommandFeedback(part('command-error')), report }).start();
  client.connect().catch(() => undefined);
}

start();
