/** toEventlineError: a dependency that cannot be reached is UNAVAILABLE (503, retriable), anything else INTERNAL. */
import { BadRequestError, InternalError, toEventlineError, UnavailableError } from '../../../platform/errors';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('toEventlineError', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['PostgreSQL shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['a PostgreSQL connection exception (class 08)', withCode('connection failure', '08006')],
    ['a connection pg dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect', Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' })],
    ['a wrapped cause', new Error('query failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
    ["MikroORM's previous error", Object.assign(new Error('driver failed'), { previous: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
  ])('maps %s to UnavailableError with a message that names no host', (_what, error) => {
    const mapped = toEventlineError(error);
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect(mapped.httpStatus).toBe(503);
    expect(mapped.retriable).toBe(true);
    expect(mapped.message).not.toMatch(/127\.0\.0\.1|5432/);
    expect(mapped.cause).toBe(error);
  });

  it('maps a bug or a refused statement to InternalError', () => {
    expect(toEventlineError(new TypeError('x is undefined'))).toBeInstanceOf(InternalError);
    expect(toEventlineError(withCode('duplicate key value violates unique constraint', '23505'))).toBeInstanceOf(InternalError);
    expect(toEventlineError('a string')).toBeInstanceOf(InternalError);
  });

  it('keeps an EventlineError as it is', () => {
    const error = new BadRequestError('bad');
    expect(toEventlineError(error)).toBe(error);
  });
});
