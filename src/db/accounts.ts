// People who sign in to the web app, their passkeys, sessions, one-time sign-in links, the
// steps of signing in that span two requests, and failed sign-in counts.
import type { Tx } from './transaction.js';

export type UserRole = 'admin' | 'advocate';

export interface UserRecord {
  id: string;
  organizationId: string;
  advocateId: string;
  email: string;
  displayName: string;
  role: UserRole;
  hasPassword: boolean;
  totpEnabled: boolean;
  disabledAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  passkeys: number;
}

const userSelect = {
  id: true,
  organizationId: true,
  advocateId: true,
  email: true,
  displayName: true,
  role: true,
  passwordHash: true,
  totpEnabledAt: true,
  disabledAt: true,
  lastSignInAt: true,
  createdAt: true,
  _count: { select: { passkeys: true } },
} as const;

type UserRow = {
  id: string;
  organizationId: string;
  advocateId: string;
  email: string;
  displayName: string;
  role: UserRole;
  passwordHash: string | null;
  totpEnabledAt: Date | null;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  _count: { passkeys: number };
};

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  advocateId: row.advocateId,
  email: row.email,
  displayName: row.displayName,
  role: row.role,
  hasPassword: row.passwordHash !== null,
  totpEnabled: row.totpEnabledAt !== null,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  passkeys: row._count.passkeys,
});

export async function insertUser(
  tx: Tx,
  data: {
    organizationId: string;
    email: string;
    displayName: string;
    role: UserRole;
  },
): Promise<UserRecord> {
  const advocate = await tx.advocate.create({
    data: { organizationId: data.organizationId, displayName: data.displayName, email: data.email },
  });
  return toUser(
    await tx.user.create({ data: { ...data, advocateId: advocate.id }, select: userSelect }),
  );
}

export async function findUser(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<UserRecord | null> {
  const row = await tx.user.findFirst({ where: { id, organizationId }, select: userSelect });
  return row && toUser(row);
}

/** A person by id alone: only for steps that start from a credential (a passkey, a pending code). */
export async function findUserById(tx: Tx, id: string): Promise<UserRecord | null> {
  const row = await tx.user.findUnique({ where: { id }, select: userSelect });
  return row && toUser(row);
}

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRecord | null> {
  const row = await tx.user.findUnique({ where: { email }, select: userSelect });
  return row && toUser(row);
}

export async function listUsers(tx: Tx, organizationId: string): Promise<UserRecord[]> {
  const rows = await tx.user.findMany({
    where: { organizationId },
    select: userSelect,
    orderBy: { displayName: 'asc' },
  });
  return rows.map(toUser);
}

/** Display names of users by id (the audit log names the person). */
export async function userNames(
  tx: Tx,
  organizationId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.user.findMany({
    where: { organizationId, id: { in: ids } },
    select: { id: true, displayName: true },
  });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export async function updateUser(
  tx: Tx,
  organizationId: string,
  id: string,
  data: { role?: UserRole; displayName?: string; disabledAt?: Date | null },
): Promise<UserRecord | null> {
  const { count } = await tx.user.updateMany({ where: { id, organizationId }, data });
  if (count === 0) return null;
  const user = (await findUser(tx, organizationId, id))!;
  if (data.displayName !== undefined)
    await tx.advocate.update({
      where: { id: user.advocateId },
      data: { displayName: data.displayName },
    });
  return user;
}

export interface UserSecrets {
  passwordHash: string | null;
  totpSecret: Buffer | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
}

export async function userSecrets(tx: Tx, id: string): Promise<UserSecrets | null> {
  const row = await tx.user.findUnique({
    where: { id },
    select: { passwordHash: true, totpSecret: true, totpEnabledAt: true, totpLastStep: true },
  });
  return (
    row && {
      passwordHash: row.passwordHash,
      totpSecret: row.totpSecret ? Buffer.from(row.totpSecret) : null,
      totpEnabled: row.totpEnabledAt !== null,
      totpLastStep: row.totpLastStep,
    }
  );
}

export async function setUserSecrets(
  tx: Tx,
  id: string,
  data: {
    passwordHash?: string | null;
    totpSecret?: Buffer | null;
    totpEnabledAt?: Date | null;
    totpLastStep?: number | null;
    lastSignInAt?: Date;
  },
): Promise<void> {
  const { totpSecret, ...rest } = data;
  await tx.user.update({
    where: { id },
    data: {
      ...rest,
      ...(totpSecret !== undefined && {
        totpSecret: totpSecret === null ? null : new Uint8Array(totpSecret),
      }),
    },
  });
}

/** Accepts a TOTP step once: false when this step (or a later one) was already used. */
export async function claimTotpStep(tx: Tx, id: string, step: number): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

// ---- Passkeys -----------------------------------------------------------------------------

export interface PasskeyRecord {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}

type PasskeyRow = {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: bigint;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
};

const toPasskey = (row: PasskeyRow): PasskeyRecord => ({
  id: row.id,
  userId: row.userId,
  credentialId: row.credentialId,
  publicKey: new Uint8Array(row.publicKey),
  counter: Number(row.counter),
  transports: row.transports,
  deviceType: row.deviceType,
  backedUp: row.backedUp,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

export async function insertPasskey(
  tx: Tx,
  data: Omit<PasskeyRecord, 'id' | 'createdAt' | 'lastUsedAt'> & { organizationId: string },
): Promise<PasskeyRecord> {
  return toPasskey(
    await tx.passkey.create({
      data: { ...data, publicKey: new Uint8Array(data.publicKey), counter: BigInt(data.counter) },
    }),
  );
}

export async function passkeysOf(tx: Tx, userId: string): Promise<PasskeyRecord[]> {
  const rows = await tx.passkey.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  return rows.map(toPasskey);
}

export async function findPasskeyByCredentialId(
  tx: Tx,
  credentialId: string,
): Promise<PasskeyRecord | null> {
  const row = await tx.passkey.findUnique({ where: { credentialId } });
  return row && toPasskey(row);
}

export async function recordPasskeyUse(
  tx: Tx,
  id: string,
  counter: number,
  now: Date,
): Promise<void> {
  await tx.passkey.update({ where: { id }, data: { counter: BigInt(counter), lastUsedAt: now } });
}

export async function deletePasskey(tx: Tx, userId: string, id: string): Promise<boolean> {
  const { count } = await tx.passkey.deleteMany({ where: { id, userId } });
  return count === 1;
}

// ---- Sessions -----------------------------------------------------------------------------

export interface SessionRecord {
  id: string;
  userId: string;
  method: string;
  device: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** A live session with the person it belongs to. */
export interface SignedIn {
  sessionId: string;
  lastSeenAt: Date;
  user: UserRecord;
}

const toSession = (row: {
  id: string;
  userId: string;
  method: string;
  device: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}): SessionRecord => ({
  id: row.id,
  userId: row.userId,
  method: row.method,
  device: row.device,
  createdAt: row.createdAt.toISOString(),
  lastSeenAt: row.lastSeenAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export async function insertSession(
  tx: Tx,
  data: {
    organizationId: string;
    userId: string;
    tokenHash: Buffer;
    method: string;
    device: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<SessionRecord> {
  const { now, tokenHash, ...rest } = data;
  return toSession(
    await tx.session.create({
      data: { ...rest, tokenHash: new Uint8Array(tokenHash), createdAt: now, lastSeenAt: now },
    }),
  );
}

/** The session a cookie's token hash names, if live at `now` and not idle since `idleSince`. */
export async function findLiveSession(
  tx: Tx,
  tokenHash: Buffer,
  now: Date,
  idleSince: Date,
): Promise<SignedIn | null> {
  const row = await tx.session.findFirst({
    where: {
      tokenHash: new Uint8Array(tokenHash),
      revokedAt: null,
      expiresAt: { gt: now },
      lastSeenAt: { gt: idleSince },
      user: { disabledAt: null },
    },
    select: { id: true, lastSeenAt: true, user: { select: userSelect } },
  });
  return row && { sessionId: row.id, lastSeenAt: row.lastSeenAt, user: toUser(row.user) };
}

export async function touchSession(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.session.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: now } });
}

export async function sessionsOf(tx: Tx, userId: string, now: Date): Promise<SessionRecord[]> {
  const rows = await tx.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { lastSeenAt: 'desc' },
  });
  return rows.map(toSession);
}

export async function revokeSessions(
  tx: Tx,
  where: { userId: string; id?: string; exceptId?: string },
  now: Date,
): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: {
      userId: where.userId,
      revokedAt: null,
      ...(where.id !== undefined && { id: where.id }),
      ...(where.exceptId !== undefined && { id: { not: where.exceptId } }),
    },
    data: { revokedAt: now },
  });
  return count;
}

// ---- One-time sign-in links ---------------------------------------------------------------

export interface SignInLinkCredential {
  id: string;
  organizationId: string;
  userId: string;
  tokenHash: Buffer;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertSignInLink(
  tx: Tx,
  data: {
    organizationId: string;
    userId: string;
    prefix: string;
    tokenHash: Buffer;
    issuedBy: string;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.signInLink.create({ data: { ...data, tokenHash: new Uint8Array(data.tokenHash) } });
}

export async function findSignInLinkByPrefix(
  tx: Tx,
  prefix: string,
): Promise<SignInLinkCredential | null> {
  const row = await tx.signInLink.findUnique({ where: { prefix } });
  return row && { ...row, tokenHash: Buffer.from(row.tokenHash) };
}

/** Marks a link used; false when it was used meanwhile (two tabs racing). */
export async function useSignInLink(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.signInLink.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/** Earlier links of a person stop working when a new one is issued. */
export async function expireSignInLinks(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.signInLink.updateMany({
    where: { userId, usedAt: null, expiresAt: { gt: now } },
    data: { expiresAt: now },
  });
}

// ---- Sign-in steps that span two requests -------------------------------------------------

export interface ChallengeRecord {
  id: string;
  purpose: string;
  userId: string | null;
  challenge: string | null;
}

export async function insertChallenge(
  tx: Tx,
  data: {
    tokenHash: Buffer;
    purpose: string;
    userId: string | null;
    challenge: string | null;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.authChallenge.create({ data: { ...data, tokenHash: new Uint8Array(data.tokenHash) } });
}

/** Takes a live challenge once (it cannot be replayed), and clears out expired ones. */
export async function takeChallenge(
  tx: Tx,
  tokenHash: Buffer,
  purpose: string,
  now: Date,
): Promise<ChallengeRecord | null> {
  await tx.authChallenge.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 3600_000) } },
  });
  const rows = await tx.authChallenge.updateManyAndReturn({
    where: { tokenHash: new Uint8Array(tokenHash), purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
    select: { id: true, purpose: true, userId: true, challenge: true },
  });
  return rows[0] ?? null;
}

/** A live challenge, without taking it (the TOTP step may be retried after a typo). */
export async function peekChallenge(
  tx: Tx,
  tokenHash: Buffer,
  purpose: string,
  now: Date,
): Promise<ChallengeRecord | null> {
  return tx.authChallenge.findFirst({
    where: { tokenHash: new Uint8Array(tokenHash), purpose, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, purpose: true, userId: true, challenge: true },
  });
}

// ---- Failed sign-in counts ----------------------------------------------------------------

/** Counts in the window starting at `windowStart` for each bucket (absent: 0). */
export async function failureCounts(
  tx: Tx,
  buckets: string[],
  windowStart: Date,
): Promise<Map<string, number>> {
  const rows = await tx.authFailure.findMany({
    where: { bucket: { in: buckets }, windowStart },
    select: { bucket: true, count: true },
  });
  return new Map(rows.map((r) => [r.bucket, r.count]));
}

export async function addFailures(tx: Tx, buckets: string[], windowStart: Date): Promise<void> {
  for (const bucket of buckets) {
    await tx.$executeRaw`
      INSERT INTO "AuthFailure" (bucket, "windowStart", count) VALUES (${bucket}, ${windowStart}, 1)
      ON CONFLICT (bucket, "windowStart") DO UPDATE SET count = "AuthFailure".count + 1`;
  }
  // Old windows are of no use; removing them as we go keeps the table small.
  await tx.authFailure.deleteMany({
    where: { windowStart: { lt: new Date(windowStart.getTime() - 86_400_000) } },
  });
}

/** Forgets the failures of buckets after a success (the account from this address). */
export async function clearFailures(tx: Tx, buckets: string[]): Promise<void> {
  await tx.authFailure.deleteMany({ where: { bucket: { in: buckets } } });
}
