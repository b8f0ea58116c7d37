/**
 * The domain registry: the one list the command handler, projector, gateway, replay CLI and
 * the read-model registry iterate, so none of them names a domain in code. Adding a domain is
 * one line here (docs/extending.md); `workflows` lists the workflows the same way.
 */
import { chatDomain } from './chat';
import type { Command } from './decider';
import type { AnyReadModel } from '../read-models/read-model';
import type { DomainModule } from './domain-module';
import { ordersDomain } from './orders';
import { inventoryDomain } from './inventory';
import type { WorkflowModule } from './workflow';
import { orderFulfilmentWorkflow } from './workflows/order-fulfilment';

export * from './access';
export * from './decider';
export { defineDomain } from './define-domain';
export * from './domain-module';
export * from './event-history';
export * from './projection';
export * from './workflow';

export const domains: readonly DomainModule[] = Object.freeze([ordersDomain, chatDomain, inventoryDomain]);

/** The workflow registry: what the workflow service runs. Adding a workflow is one line here. */
export const workflows: readonly WorkflowModule[] = Object.freeze([orderFulfilmentWorkflow]);

/** Built once: services look a domain up per record (the workflow service per command it sends). */
const domainsByName: ReadonlyMap<string, DomainModule> = new Map(domains.map((domain) => [domain.name, domain]));

export function findDomain(name: string): DomainModule | undefined {
  return domainsByName.get(name);
}

/** The command's record name when `domain` has a command called `name`. */
export function findCommand<C extends Command>(domain: DomainModule<unknown, C>, name: string): C['type'] | undefined {
  return domain.commandNames.find((command) => command === name);
}

/** A read model by its name (`orders`, `store_stats`, `rooms`, `messages`…) with the domain that projects it. */
export function findReadModelOfDomain(name: string): { domain: DomainModule; model: AnyReadModel } | undefined {
  for (const domain of domains) {
    const model = domain.readModels.find((candidate) => candidate.name === name);
    if (model !== undefined) return { domain, model };
  }
  return undefined;
}
