/**
 * Tells the user what became of the commands the page sends: nothing when accepted; the
 * reason when rejected (the domain said no); code, message and every bad field when the
 * gateway refused the command (INVALID_COMMAND, FORBIDDEN, …); timeouts and closes too.
 */
import { EventlineClientError, ServerError, type OutcomeMessage } from '../../../client/index.js';
import { element } from './dom.js';

export class CommandFeedback {
  constructor(private readonly target: HTMLElement) {}

  /** Resolves with the outcome when accepted, undefined otherwise (after showing why). */
  async track(commandName: string, outcome: Promise<OutcomeMessage>): Promise<OutcomeMessage | undefined> {
    try {
      const settled = await outcome;
      if (settled.status === 'accepted') {
        this.clear();
        return settled;
      }
      this.show('REJECTED', `${commandName} rejected: ${settled.reason}`);
    } catch (error) {
      const code = error instanceof EventlineClientError ? error.code : 'ERROR';
      const details = error instanceof ServerError ? error.details.map((issue) => `${issue.path}: ${issue.message} (expected ${issue.expected})`) : [];
      this.show(code, `${commandName} failed (${code}): ${error instanceof Error ? error.message : String(error)}`, details);
    }
    return undefined;
  }

  private show(code: string, text: string, details: readonly string[] = []): void {
    this.target.dataset.code = code;
    this.target.replaceChildren(element('p', {}, text), ...(details.length > 0 ? [element('ul', {}, details.map((detail) => element('li', { 'data-testid': 'command-error-detail' }, detail)))] : []));
    this.target.hidden = false;
  }

  private clear(): void {
    this.target.hidden = true;
    this.target.replaceChildren();
    delete this.target.dataset.code;
  }
}
