/** A promise with its settle functions, for answers that arrive later on the socket. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Marked handled on creation: a caller that awaits only the ack of a command must not get an
 * unhandled rejection (a crash under Node) when its unawaited outcome times out. Callers that
 * do await the promise still see the rejection.
 */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
