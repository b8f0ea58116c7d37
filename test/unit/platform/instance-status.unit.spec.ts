/** An instance's status from its own registry: rates per second between two statuses, gauges as they are, lag per partition. */
import { Counter, Gauge, Registry } from 'prom-client';
import { consumerLagGauge } from '../../../platform/kafka';
import { StatusTaker } from '../../../platform/status';

describe('StatusTaker', () => {
  it('turns counters into rates since the previous status and reads the gauges and the lag', async () => {
    const registry = new Registry();
    const received = new Counter({ name: 'eventline_gateway_commands_received_total', help: 'x', labelNames: ['domain'], registers: [registry] });
    const sockets = new Gauge({ name: 'eventline_gateway_connections', help: 'x', registers: [registry] });
    consumerLagGauge(registry).set({ consumer: 'gateway-fanout', topic: 't.views.a', partition: 1 }, 3);
    const taker = new StatusTaker({ service: 'gateway', instance: 'host/1', startedAt: 0 }, registry);
    received.inc({ domain: 'orders' }, 10);
    sockets.set(4);
    const first = await taker.take([{ name: 'kafka', ok: true }], 1_000);
    expect(first).toMatchObject({ service: 'gateway', instance: 'host/1', at: 1_000, ready: true, rates: { commandsReceived: 0 }, values: { sockets: 4 } });
    expect(first.lag).toEqual([{ consumer: 'gateway-fanout', topic: 't.views.a', partition: 1, lag: 3 }]);
    // 30 more over two domains in 2 s: 15/s. A service without a metric has no rate for it.
    received.inc({ domain: 'orders' }, 20);
    received.inc({ domain: 'chat' }, 10);
    const second = await taker.take([{ name: 'kafka', ok: false, error: 'down' }], 3_000);
    expect(second.rates).toEqual({ commandsReceived: 15 });
    expect(second.ready).toBe(false);
  });
});
