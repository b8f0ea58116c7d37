/**
 * The operations page (`/ops`): the `ops.status` board (every service instance's status,
 * published each second to `eventline.status` and streamed by the gateway like a view) as
 * four tables — per stage, per instance, lag per partition, dead letters. Staff only: the
 * token is the dashboard's (settings.ts). Redraws are coalesced to one per animation frame.
 */
import { EventlineClient } from '../../../client/index.js';
import { element, part } from './dom.js';
import { formatClock, formatCount } from './format.js';
import { loadSettings } from './settings.js';

/** What the page reads of a status (platform/status/instance-status.ts writes it). */
interface InstanceStatus {
  readonly service: string;
  readonly instance: string;
  readonly at: number;
  readonly ready: boolean;
  readonly checks: readonly { name: string; ok: boolean; error?: string }[];
  readonly rates: Readonly<Record<string, number>>;
  readonly values: Readonly<Record<string, number>>;
  readonly lag: readonly { consumer: string; topic: string; partition: number; lag: number }[];
  readonly deadLetters: readonly { topic: string; count: number; newestError: string; newestAt: string }[];
}

interface Board {
  readonly instances: readonly InstanceStatus[];
}

/** Instances publish every second: one silent for longer is shown stale. */
const STALE_MS = 3_000;
const RATE_LABELS: Readonly<Record<string, string>> = {
  commandsReceived: 'commands',
  commandsAcked: 'acked',
  commandsDecided: 'decided',
  eventsProjected: 'projected',
  viewChanges: 'view changes',
  workflowEvents: 'workflow events',
  fanoutMessages: 'fan-out messages',
};

const rate = (value: number): string => (value >= 10 ? formatCount(Math.round(value)) : value.toFixed(1));
const cell = (text: string, attributes: Record<string, string> = {}): HTMLTableCellElement => element('td', attributes, text);

function fill(table: string, rows: readonly HTMLTableRowElement[]): void {
  part(table).querySelector('tbody')!.replaceChildren(...rows);
}

function render(board: Board, now: number): void {
  const byService = new Map<string, InstanceStatus[]>();
  for (const status of board.instances) byService.set(status.service, [...(byService.get(status.service) ?? []), status]);
  fill(
    'stages',
    [...byService].map(([service, instances]) => {
      const rates = new Map<string, number>();
      for (const { rates: own } of instances) for (const [name, value] of Object.entries(own)) rates.set(name, (rates.get(name) ?? 0) + value);
      const lag = instances.reduce((sum, { lag: rows }) => sum + rows.reduce((total, row) => total + row.lag, 0), 0);
      const ready = instances.filter((status) => status.ready).length;
      return element('tr', { 'data-testid': 'stage', 'data-service': service, 'data-lag': String(lag) }, [
        cell(service),
        cell(formatCount(instances.length)),
        cell(`${ready}/${instances.length}`, { class: ready === instances.length ? 'ok' : 'error' }),
        cell([...rates].map(([name, value]) => `${RATE_LABELS[name] ?? name} ${rate(value)}`).join(' · ') || '–'),
        cell(formatCount(lag)),
      ]);
    }),
  );
  fill(
    'instances',
    board.instances.map((status) => {
      const failing = status.checks.filter((check) => !check.ok);
      const stale = now - status.at > STALE_MS;
      return element('tr', { 'data-testid': 'instance', 'data-service': status.service, 'data-ready': String(status.ready), ...(stale ? { class: 'stale' } : {}) }, [
        cell(status.service),
        cell(status.instance),
        cell(failing.length === 0 ? 'ready' : failing.map((check) => `${check.name}: ${check.error ?? 'failing'}`).join('; '), { class: failing.length === 0 ? 'ok' : 'error wrap' }),
        cell(status.values.sockets === undefined ? '–' : formatCount(status.values.sockets), { 'data-testid': 'sockets' }),
        cell(status.values.subscriptions === undefined ? '–' : formatCount(status.values.subscriptions)),
        cell(status.values.slowSocketCloses === undefined ? '–' : formatCount(status.values.slowSocketCloses)),
        cell(stale ? `silent for ${Math.round((now - status.at) / 1000)} s` : 'live'),
      ]);
    }),
  );
  fill(
    'lag',
    board.instances.flatMap((status) =>
      status.lag.map((row) =>
        element('tr', { 'data-testid': 'lag-row', 'data-consumer': row.consumer, 'data-lag': String(row.lag) }, [
          cell(row.consumer),
          cell(row.topic),
          cell(String(row.partition)),
          cell(formatCount(row.lag), row.lag > 0 ? { class: 'error' } : {}),
          cell(status.instance),
        ]),
      ),
    ),
  );
  const letters = board.instances.flatMap((status) =>
    status.deadLetters.map((row) =>
      element('tr', { 'data-testid': 'dead-letter', 'data-topic': row.topic }, [
        cell(row.topic),
        cell(formatCount(row.count)),
        cell(row.newestError, { class: 'error wrap' }),
        cell(formatClock(row.newestAt)),
        cell(status.instance),
      ]),
    ),
  );
  fill('dead-letters', letters);
  part('dead-letters-none').hidden = letters.length > 0;
}

function showNotice(text: string | undefined): void {
  const notice = part('notice');
  notice.textContent = text ?? '';
  notice.hidden = text === undefined;
}

function start(): void {
  const { token } = loadSettings();
  if (token === '') {
    showNotice('Open the dashboard with a staff token first (npm start prints a link), then come back to /ops.');
    return;
  }
  const client = new EventlineClient({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, token, reconnectMaxDelayMs: 5_000 });
  const badge = part('connection-state');
  client.on('connected', () => {
    badge.dataset.state = 'connected';
    badge.textContent = 'live';
    showNotice(undefined);
  });
  client.on('connecting', () => {
    badge.dataset.state = 'connecting';
    badge.textContent = 'connecting…';
  });
  client.on('disconnected', ({ error }) => {
    badge.dataset.state = 'disconnected';
    badge.textContent = 'disconnected';
    showNotice(`Disconnected (${error.code}): ${error.message}`);
  });
  let board: Board = { instances: [] };
  let receivedAt = Date.now();
  let frame: number | undefined;
  const draw = (): void => {
    frame ??= requestAnimationFrame(() => {
      frame = undefined;
      render(board, Date.now());
      part('board-age').textContent = `updated ${formatClock(new Date(receivedAt).toISOString())}`;
    });
  };
  const show = ({ data }: { data: unknown }): void => {
    board = (data as Board | null) ?? { instances: [] };
    receivedAt = Date.now();
    draw();
  };
  client.subscribe('ops.status', 'pipeline', {
    onSnapshot: show,
    onEvent: show,
    onUnsubscribed: ({ error }) => error && showNotice(`not subscribed (${error.code}): ${error.message}`),
  });
  // Ages ("silent for n s") move even when no status comes.
  setInterval(draw, 1_000);
  client.connect().catch(() => undefined);
}

start();
