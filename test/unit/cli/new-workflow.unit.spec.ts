/** `eventline new workflow`: what it refuses before writing anything, how it wires and registers a workflow. */
import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { registerIn } from '../../../cli/scaffold/project-files';
import { scaffoldWorkflow } from '../../../cli/scaffold/scaffold-workflow';
import { workflowFiles, workflowNames } from '../../../cli/scaffold/workflow-template';
import { domains } from '../../../domains';
import { BadRequestError } from '../../../platform/errors';

const empty = mkdtempSync(path.join(tmpdir(), 'eventline-new-workflow-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('eventline new workflow', () => {
  it.each([
    ['StockAlerts', {}, 'lower-case words joined by dashes'],
    ['stock_alerts', {}, 'lower-case words joined by dashes'],
    ['order-fulfilment', {}, 'workflow "order-fulfilment" exists already'],
    ['stock-alerts', { source: 'nowhere' }, 'no domain "nowhere" is registered'],
    ['stock-alerts', { source: 'orders', event: 'StockReceived' }, 'the orders domain has no event StockReceived'],
    ['stock-alerts', { target: 'orders', command: 'ReceiveStock' }, 'the orders domain has no command ReceiveStock'],
    ['stock-alerts', {}, 'run this in an Eventline project'],
  ])('refuses %p %p (%s) and writes nothing', (name, choice, reason) => {
    expect(() => scaffoldWorkflow(empty, name, choice)).toThrow(BadRequestError);
    expect(() => scaffoldWorkflow(empty, name, choice)).toThrow(reason);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('registers the workflow with its import and one list entry', () => {
    const registry = [
      "import { ordersDomain } from './orders';",
      "import { orderFulfilmentWorkflow } from './workflows/order-fulfilment';",
      '',
      'export const domains: readonly DomainModule[] = Object.freeze([ordersDomain]);',
      'export const workflows: readonly WorkflowModule[] = Object.freeze([orderFulfilmentWorkflow]);',
      '',
    ].join('\n');
    expect(registerIn(registry, { list: 'workflows', entry: 'stockAlertsWorkflow', from: './workflows/stock-alerts' })).toBe(
      [
        "import { ordersDomain } from './orders';",
        "import { orderFulfilmentWorkflow } from './workflows/order-fulfilment';",
        "import { stockAlertsWorkflow } from './workflows/stock-alerts';",
        '',
        'export const domains: readonly DomainModule[] = Object.freeze([ordersDomain]);',
        'export const workflows: readonly WorkflowModule[] = Object.freeze([orderFulfilmentWorkflow, stockAlertsWorkflow]);',
        '',
      ].join('\n'),
    );
  });

  it('names its exports after the workflow', () => {
    expect(workflowNames('stock-alerts-2')).toEqual({ name: 'stock-alerts-2', camel: 'stockAlerts2', pascal: 'StockAlerts2' });
  });

  it('copies what the event has under the command field\'s name and the source key, and fills the rest', () => {
    const [orders, inventory] = ['orders', 'inventory'].map((name) => domains.find((domain) => domain.name === name)!);
    const files = workflowFiles(workflowNames('restock'), { source: inventory!, event: 'StockReservationRefused', target: orders!, command: 'CancelOrder' });
    expect([...files.keys()]).toEqual(['domains/workflows/restock/index.ts', 'domains/workflows/restock/react.ts', 'test/unit/workflows/restock.unit.spec.ts']);
    expect(files.get('domains/workflows/restock/react.ts')).toContain("const data: orders.CancelOrderData = { reason: 'restock' };");
    const reserve = workflowFiles(workflowNames('reserve'), { source: orders!, event: 'OrderPlaced', target: inventory!, command: 'ReserveStock' });
    expect(reserve.get('domains/workflows/reserve/react.ts')).toContain('const data: inventory.ReserveStockData = { orderId: event.aggregateId, lines: [');
  });

  it('can wire every registered event to every registered command', () => {
    for (const source of domains) {
      for (const event of source.eventNames) {
        for (const target of domains) {
          for (const command of target.commandNames) expect(workflowFiles(workflowNames('any'), { source, event, target, command }).size).toBe(3);
        }
      }
    }
  });
});
