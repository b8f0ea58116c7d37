/**
 * `eventline new workflow <name>`: writes a workflow into a project (workflow-template.ts)
 * wired to the registered domains' events and commands, with its own tests, and registers it
 * with one line in domains/index.ts. The workflow service runs every registered workflow.
 */
import { domains, findDomain, workflows, type DomainModule } from '../../domains';
import { WORKFLOW_NAME } from '../../domains/workflow';
import { BadRequestError } from '../../platform/errors';
import { writeScaffold } from './project-files';
import { workflowFiles, workflowNames, type WorkflowWiring } from './workflow-template';

/** What it reacts to and sends; each left out is the first registered one (a target other than the source where there is one). */
export interface WiringChoice {
  readonly source?: string;
  readonly event?: string;
  readonly target?: string;
  readonly command?: string;
}

export interface ScaffoldedWorkflow {
  /** Paths written, relative to the project root. */
  readonly files: readonly string[];
  readonly wiring: { readonly source: string; readonly event: string; readonly target: string; readonly command: string };
}

export function scaffoldWorkflow(root: string, name: string, choice: WiringChoice = {}): ScaffoldedWorkflow {
  if (!WORKFLOW_NAME.test(name) || name.length > 40) throw new BadRequestError(`workflow name "${name}" must be lower-case words joined by dashes, e.g. stock-alerts (at most 40 characters)`);
  if (workflows.some((workflow) => workflow.name === name)) throw new BadRequestError(`a workflow "${name}" exists already; choose another name`);
  const wiring = wire(choice);
  const names = workflowNames(name);
  const files = writeScaffold(root, workflowFiles(names, wiring), [`domains/workflows/${name}`], {
    list: 'workflows',
    entry: `${names.camel}Workflow`,
    from: `./workflows/${name}`,
  });
  return { files, wiring: { source: wiring.source.name, event: wiring.event, target: wiring.target.name, command: wiring.command } };
}

function wire(choice: WiringChoice): WorkflowWiring {
  const source = registered(choice.source) ?? domains[0];
  if (source === undefined) throw new BadRequestError('no domain is registered: add one first (eventline new domain)');
  const target = registered(choice.target) ?? domains.find((domain) => domain !== source) ?? source;
  const event = choice.event ?? source.eventNames[0];
  const command = choice.command ?? target.commandNames[0];
  if (event === undefined || !source.eventNames.includes(event)) throw new BadRequestError(`the ${source.name} domain has no event ${event}: one of ${source.eventNames.join(', ')}`);
  if (command === undefined || !target.commandNames.includes(command)) throw new BadRequestError(`the ${target.name} domain has no command ${command}: one of ${target.commandNames.join(', ')}`);
  return { source, event, target, command };
}

function registered(name: string | undefined): DomainModule | undefined {
  if (name === undefined) return undefined;
  const domain = findDomain(name);
  if (domain === undefined) throw new BadRequestError(`no domain "${name}" is registered: one of ${domains.map(({ name: known }) => known).join(', ')}`);
  return domain;
}
