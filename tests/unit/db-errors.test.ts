// Which database failures are "unavailable" (503) and which "disk full" (507), in the shapes
// they really arrive in: node-postgres errors, their cause chains, and Prisma's errors that
// keep the driver adapter's error under meta.driverAdapterError.
import { describe, expect, it } from 'vitest';
import { Prisma } from '../../src/db/client.js';
import { isDatabaseUnavailable, isDiskFull } from '../../src/db/errors.js';

const prisma = (code: string, message: string, cause: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(message, {
    code,
    clientVersion: '7',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  });

const postgres = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: 'ERROR' });

describe('database error classification', () => {
  it.each([
    [
      'Prisma: server has closed the connection (P1017)',
      prisma('P1017', 'Server has closed the connection.', { kind: 'ConnectionClosed' }),
    ],
    [
      'Prisma: not reachable',
      prisma('P2010', 'Raw query failed.', {
        kind: 'DatabaseNotReachable',
        host: '127.0.0.1',
        port: 5432,
      }),
    ],
    [
      'Prisma: 57P01 admin shutdown',
      prisma('P2010', 'Raw query failed.', {
        kind: 'postgres',
        code: '57P01',
        originalCode: '57P01',
      }),
    ],
    [
      'Prisma: 57P03 starting up',
      prisma('P2039', 'Database error.', {
        kind: 'postgres',
        code: '57P03',
        originalCode: '57P03',
      }),
    ],
    [
      'node-postgres: connection refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['node-postgres: class 08', postgres('08006', 'connection failure')],
    [
      'a wrapped cause',
      new Error('query failed', { cause: new Error('Connection terminated unexpectedly') }),
    ],
  ])('%s is unavailable, not disk full', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDiskFull(error)).toBe(false);
  });

  it.each([
    [
      'Prisma: 53100',
      prisma('P2039', 'Database error.', {
        kind: 'postgres',
        code: '53100',
        originalCode: '53100',
        message: 'could not extend file "base/1/2": No space left on device',
      }),
    ],
    [
      'node-postgres: 53100',
      postgres('53100', 'could not extend file "base/1/2": No space left on device'),
    ],
    ['ENOSPC', Object.assign(new Error('write failed'), { code: 'ENOSPC' })],
  ])('%s is disk full, not unavailable', (_name, error) => {
    expect(isDiskFull(error)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it.each([
    [
      'a unique violation',
      prisma('P2002', 'Unique constraint failed', { kind: 'UniqueConstraintViolation' }),
    ],
    ['a syntax error', postgres('42601', 'syntax error at or near "SELEC"')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'ECONNREFUSED'],
    [
      'a cycle',
      (() => {
        const e = new Error('loop') as Error & { cause?: unknown };
        e.cause = e;
        return e;
      })(),
    ],
  ])('%s is neither', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(isDiskFull(error)).toBe(false);
  });
});
