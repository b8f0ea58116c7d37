/** When tracing is on, what each stage hook does, and that its variables are documented. */
import fs from 'node:fs';
import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing, traceCommandBatch, traceCommandReceived, traceDelivery, traceEventBatch, tracingRequested, TRACING_VARIABLES } from '../../../platform/tracing';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_PARENT = `00-${CLIENT_TRACE}-00f067aa0ba902b7-01`;
const command = { id: '6f1c0c39-3b1e-4a55-9c4c-1b2f6f0f6f0f', domain: 'orders', name: 'PlaceOrder' };

describe('tracing configuration', () => {
  it('is off unless an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp asks for it, and OTEL_SDK_DISABLED wins', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_SERVICE_NAME: 'x' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(startTracing('test', {})).toBeUndefined();
  });

  it('documents every variable in docs/configuration.md', () => {
    const documented = fs.readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    const tracingSection = documented.slice(documented.indexOf('## Tracing'));
    expect(TRACING_VARIABLES.filter((name) => !tracingSection.includes(`\`${name}\``))).toEqual([]);
  });
});

describe('tracing stages', () => {
  it('do nothing while tracing is off', () => {
    expect(traceCommandReceived(command, 't.commands', 'o-1', {}, performance.now())).toBeUndefined();
    expect(traceCommandBatch('t.commands', 0, 'g')).toBeUndefined();
    expect(traceEventBatch('t.events', 0, 'g', [{ key: null, value: null, offset: '0', timestamp: '0', headers: { traceparent: CLIENT_PARENT } }])).toBeUndefined();
    expect(traceDelivery('t.events', 0, { key: null, value: null, offset: '0', timestamp: '0', headers: { traceparent: CLIENT_PARENT } })).toBeUndefined();
  });

  it('continue the client trace through records, and link the commands a batch serves', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing('test', {}, [new SimpleSpanProcessor(exporter)])!;
    try {
      const first = traceCommandReceived({ ...command, traceparent: CLIENT_PARENT }, 't.commands', 'o-1', { 'eventline-type': 'PlaceOrder' }, performance.now())!;
      const second = traceCommandReceived({ ...command, id: 'b1c0c39a-3b1e-4a55-9c4c-1b2f6f0f6f0f' }, 't.commands', 'o-2', {}, performance.now())!;
      expect(first.headers['eventline-type']).toBe('PlaceOrder');
      first.acked(0, '7');
      second.acked(0, '8');

      const handler = traceCommandBatch('t.commands', 0, 'app-command-handler')!;
      handler.command(command.id, { key: null, value: null, offset: '7', timestamp: '0', headers: first.headers });
      handler.command('untraced', { key: null, value: null, offset: '9', timestamp: '0' });
      expect(handler.eventHeaders('untraced')).toBeUndefined();
      const eventHeaders = handler.eventHeaders(command.id)!;
      expect(handler.outcomeHeaders(command.id, 'ACCEPTED')).toEqual(eventHeaders);
      handler.end();

      const projector = traceEventBatch('t.events', 0, 'app-projector', [
        { key: null, value: null, offset: '3', timestamp: '0', headers: eventHeaders },
        { key: null, value: null, offset: '4', timestamp: '0', headers: second.headers },
        { key: null, value: null, offset: '5', timestamp: '0', headers: { traceparent: 'not a trace context' } },
      ])!;
      projector.end();
      const delivery = traceDelivery('views.store_stats', 0, { key: null, value: null, offset: '1', timestamp: '0', headers: projector.headers })!;
      delivery.delivered('views.store_stats', 's-A');
      delivery.delivered('views.store_stats', 's-A');
      delivery.end(2);

      const spans = exporter.getFinishedSpans();
      const named = (name: string) => spans.filter((span) => span.name === name);
      // Everything downstream of the first command is in the client's trace.
      const clientTrace = spans.filter((span) => span.spanContext().traceId === CLIENT_TRACE).map((span) => span.name);
      expect(clientTrace.sort()).toEqual(
        ['command orders.PlaceOrder', 'send t.commands', 'process t.commands', 'process t.events', 'process views.store_stats', 'deliver views.store_stats', 'deliver views.store_stats'].sort(),
      );
      // Without a client context the gateway starts a new trace.
      expect(new Set(named('command orders.PlaceOrder').map((span) => span.spanContext().traceId)).size).toBe(2);
      const [batch] = named('process t.events');
      expect(batch!.links.map((link) => link.context.traceId).sort()).toEqual([CLIENT_TRACE, second.headers.traceparent!.toString().split('-')[1]].sort());
      expect(batch!.kind).toBe(SpanKind.CONSUMER);
      expect(batch!.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': 't.events', 'messaging.consumer.group.name': 'app-projector', 'messaging.batch.message_count': 3 });
      expect(named('send t.commands')[0]!.attributes).toMatchObject({ 'messaging.operation.type': 'send', 'messaging.destination.partition.id': '0', 'messaging.kafka.offset': 7 });
      expect(named('process t.commands')[0]!.attributes).toMatchObject({ 'eventline.command.status': 'ACCEPTED', 'messaging.message.id': command.id });
    } finally {
      await tracing.shutdown();
    }
    expect(traceCommandBatch('t.commands', 0, 'g')).toBeUndefined();
  });
});
