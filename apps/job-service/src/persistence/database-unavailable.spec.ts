import { isDatabaseUnavailable, translateDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  it('recognises connection failures of the pg driver and of TypeORM', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const adminShutdown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const wrapped = Object.assign(new Error('query failed'), { driverError: { code: '08006' } });
    for (const error of [
      refused,
      adminShutdown,
      wrapped,
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  it('leaves real query errors alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable('down')).toBe(false);
  });

  it('answers 503 with Retry-After', () => {
    const exception = translateDatabaseUnavailable(Object.assign(new Error('x'), { code: 'ECONNRESET' }));
    expect(exception?.code).toBe('SERVICE_UNAVAILABLE');
    expect(exception?.getStatus()).toBe(503);
    expect(exception?.headers).toEqual({ 'Retry-After': '5' });
  });
});
