/**
 * The Grafana dashboard and the Prometheus alerting rules under deploy/ only name metrics the
 * services export. The exported names are not listed here: every `create…Metrics` factory of
 * every `metrics.ts` in gateway/, services/ and platform/ is run on a process registry (with
 * the default Node.js metrics), exactly as the services do at start-up, and read back.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Registry } from 'prom-client';
import { parse } from 'yaml';
import { createMetricsRegistry } from '../../../platform/metrics';

const ROOT = path.resolve(__dirname, '../../..');

function metricsModules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : metricsModules(full);
    return name === 'metrics.ts' ? [full] : [];
  });
}

/** Every series name a scrape of the services can hold (a histogram's _bucket, _sum and _count included). */
async function exportedNames(): Promise<{ names: Set<string>; factories: string[] }> {
  const registry = createMetricsRegistry('test');
  const factories: string[] = [];
  for (const file of ['gateway', 'services', 'platform'].flatMap((dir) => metricsModules(path.join(ROOT, dir)))) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const [name, exported] of Object.entries(module)) {
      if (typeof exported !== 'function' || !/^create\w*Metrics$/.test(name) || name === 'createMetricsRegistry') continue;
      (exported as (registry: Registry) => unknown)(registry);
      factories.push(name);
    }
  }
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
  }
  return { names, factories };
}

/** Metric names in a PromQL expression: Eventline's own and the Node.js/process defaults. */
function referencedNames(expression: string): string[] {
  return [...expression.matchAll(/\b(?:eventline|nodejs|process)_[a-z0-9_]+\b/g)].map(([name]) => name);
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'deploy/grafana/eventline-dashboard.json'), 'utf8')) as { panels: Panel[]; templating: { list: { query?: unknown; definition?: string }[] } };
const rules = parse(readFileSync(path.join(ROOT, 'deploy/prometheus/eventline-alerts.yml'), 'utf8')) as { groups: { name: string; rules: { alert: string; expr: string; labels: object; annotations: object }[] }[] };

const panelExpressions = (panels: readonly Panel[]): { where: string; expr: string }[] =>
  panels.flatMap((panel) => [...(panel.targets ?? []).map(({ expr }) => ({ where: `panel "${panel.title}"`, expr })), ...panelExpressions(panel.panels ?? [])]);

describe('deploy/ dashboards and alerts', () => {
  it('collects the metrics of every service factory', async () => {
    const { names, factories } = await exportedNames();
    expect(factories.sort()).toEqual(['createGatewayMetrics', 'createHandlerMetrics', 'createProjectorMetrics', 'createWorkflowMetrics']);
    expect(names).toContain('eventline_consumer_lag');
    expect(names).toContain('nodejs_eventloop_lag_p99_seconds');
  });

  it('the Grafana dashboard names only exported metrics', async () => {
    const { names } = await exportedNames();
    const expressions = [
      ...panelExpressions(dashboard.panels),
      ...dashboard.templating.list.flatMap((variable) => (variable.definition === undefined ? [] : [{ where: 'a template variable', expr: variable.definition }])),
    ];
    expect(expressions.length).toBeGreaterThan(20);
    const unknown = expressions.flatMap(({ where, expr }) => referencedNames(expr).filter((name) => !names.has(name)).map((name) => `${where}: ${name}`));
    expect(unknown).toEqual([]);
    expect(expressions.every(({ expr }) => referencedNames(expr).length > 0)).toBe(true);
  });

  it('the alerting rules cover what an operator is paged for and name only exported metrics', async () => {
    const { names } = await exportedNames();
    const alerts = rules.groups.flatMap((group) => group.rules);
    expect(alerts.map((rule) => rule.alert).sort()).toEqual(
      ['EventlineConsumerLagGrowing', 'EventlineDeadLetters', 'EventlineGatewaySaturated', 'EventlineHandlerTransactionAborts', 'EventlineProjectionStalled'].sort(),
    );
    for (const rule of alerts) {
      expect({ alert: rule.alert, summary: typeof (rule.annotations as { summary?: unknown }).summary }).toEqual({ alert: rule.alert, summary: 'string' });
      expect({ alert: rule.alert, unknown: referencedNames(rule.expr).filter((name) => !names.has(name)) }).toEqual({ alert: rule.alert, unknown: [] });
      expect(referencedNames(rule.expr).length).toBeGreaterThan(0);
    }
  });
});
