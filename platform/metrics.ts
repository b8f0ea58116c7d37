/**
 * One prom-client registry per process, shared by all its components, with the default
 * Node.js process metrics. Components create their metrics on it; `/metrics` serves it.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
