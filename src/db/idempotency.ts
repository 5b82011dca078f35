import { createHash } from 'node:crypto';
import { insertStatement, type Statement } from './bulk-insert.js';
import type { Tx } from './transaction.js';

export interface StoredResponse {
  statusCode: number;
  /** The JSON text exactly as first sent. */
  body: string;
  headers: Record<string, string>;
}

export interface IdempotencyRecord extends StoredResponse {
  requestHash: string;
  createdAt: string;
}

/** A transaction-scoped advisory lock on (organization, key): held while the first request runs. */
export async function tryLockIdempotencyKey(
  tx: Tx,
  organizationId: string,
  key: string,
): Promise<boolean> {
  const digest = createHash('sha256').update(`idempotency\0${organizationId}\0${key}`).digest();
  const lockKey = digest.readBigInt64BE(0);
  const rows = await tx.$queryRaw<
    { locked: boolean }[]
  >`SELECT pg_try_advisory_xact_lock(${lockKey}) AS locked`;
  return rows[0]?.locked === true;
}

/**
 * The live record for the key, if any. An expired one is deleted in the same statement, so the
 * key can be used again (the SELECT reads the statement's snapshot: it skips the expired row
 * itself rather than seeing the DELETE).
 */
export async function findIdempotencyRecord(
  tx: Tx,
  organizationId: string,
  key: string,
  now: Date,
): Promise<IdempotencyRecord | null> {
  const rows = await tx.$queryRaw<
    {
      requestHash: string;
      statusCode: number;
      responseBody: string;
      responseHeaders: unknown;
      createdAt: Date;
    }[]
  >`
    WITH expired AS (
      DELETE FROM "IdempotencyRecord"
      WHERE "organizationId" = ${organizationId}::uuid AND key = ${key} AND "expiresAt" <= ${now}::timestamptz
    )
    SELECT "requestHash", "statusCode", "responseBody", "responseHeaders", "createdAt"
    FROM "IdempotencyRecord"
    WHERE "organizationId" = ${organizationId}::uuid AND key = ${key} AND "expiresAt" > ${now}::timestamptz`;
  const row = rows[0];
  return (
    (row && {
      requestHash: row.requestHash,
      statusCode: row.statusCode,
      body: row.responseBody,
      headers: row.responseHeaders as Record<string, string>,
      createdAt: row.createdAt.toISOString(),
    }) ??
    null
  );
}

/** The record of a first success, as a statement to send with the request's own writes. */
export function idempotencyRecordStatement(data: {
  organizationId: string;
  key: string;
  requestHash: string;
  response: StoredResponse;
  expiresAt: Date;
}): Statement {
  return insertStatement('IdempotencyRecord', [
    {
      organizationId: data.organizationId,
      key: data.key,
      requestHash: data.requestHash,
      statusCode: data.response.statusCode,
      responseBody: data.response.body,
      responseHeaders: data.response.headers,
      expiresAt: data.expiresAt,
    },
  ])!;
}
