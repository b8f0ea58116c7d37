/**
 * Application callbacks run inside the client's message loop: one that throws must not stop
 * the messages after it, nor leave the client half-updated. It is reported on the console
 * (present in browsers and Node; the SDK has no logger) and the loop goes on.
 */
export function callSafely(run: () => void): void {
  try {
    run();
  } catch (error) {
    console.error('eventline client: a listener threw', error);
  }
}

/** Named events with one payload each; `on` returns the function that removes the listener. */
export class Listeners<Events extends object> {
  private readonly byEvent = new Map<keyof Events, Set<(value: never) => void>>();

  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
    let listeners = this.byEvent.get(event);
    if (listeners === undefined) this.byEvent.set(event, (listeners = new Set()));
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const listener of [...(this.byEvent.get(event) ?? [])]) callSafely(() => (listener as (value: Events[K]) => void)(value));
  }
}
