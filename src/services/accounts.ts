// People who sign in to the web app: invitations and one-time sign-in links, sessions,
// passwords (argon2id), TOTP and passkeys (WebAuthn). Every secret is random, stored only as
// a hash (or, for TOTP, encrypted), compared in constant time, and can be revoked.
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import {
  claimTotpStep,
  deletePasskey,
  expireSignInLinks,
  findLiveSession,
  findPasskeyByCredentialId,
  findSignInLinkByPrefix,
  findUser,
  findUserByEmail,
  findUserById,
  insertChallenge,
  insertPasskey,
  insertSession,
  insertSignInLink,
  insertUser,
  listUsers,
  passkeysOf,
  peekChallenge,
  recordPasskeyUse,
  revokeSessions,
  sessionsOf,
  setUserSecrets,
  takeChallenge,
  touchSession,
  updateUser,
  useSignInLink,
  userSecrets,
  type PasskeyRecord,
  type SessionRecord,
  type SignedIn,
  type UserRecord,
  type UserRole,
} from '../db/accounts.js';
import type { SecretBox } from '../adapters/secret-box.js';
import { audit } from './audit.js';
import type { Actor, RequestContext } from './context.js';
import { DomainError, invalidInput, notFound } from './errors.js';
import { revokeFeedsCreatedBy } from './feeds.js';
import { issueToken } from './tokens.js';
import type { Tx } from './transaction.js';

export type { PasskeyRecord, SessionRecord, SignedIn, UserRecord, UserRole };

/** What the account services need to know about this installation. */
export interface AccountSettings {
  /** PUBLIC_BASE_URL: links are built on it; its host is the passkeys' relying party. */
  publicBaseUrl: string;
  sessionIdleMs: number;
  sessionMaxMs: number;
}

export const SIGN_IN_LINK_TTL_MS = 48 * 3600_000;
const CHALLENGE_TTL_MS = 5 * 60_000;
/** lastSeenAt is written at most this often per session (the idle timeout's precision). */
const TOUCH_INTERVAL_MS = 30_000;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
const randomToken = (): string => randomBytes(32).toString('base64url');

/** The actor a signed-in person acts as: admins have every scope, advocates read and write. */
export function actorOfUser(user: UserRecord): Actor {
  return {
    organizationId: user.organizationId,
    apiKeyId: null,
    userId: user.id,
    label: `user ${user.email}`,
    scopes: user.role === 'admin' ? ['admin'] : ['write'],
  };
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const EMAIL = /^[^@\s<>"]{1,64}@[^@\s<>"]{1,255}\.[^@\s<>"]{2,}$/;

// ---- Invitations and one-time sign-in links -----------------------------------------------

const LINK_PATTERN = /^(osl_[0-9a-f]{10})_[A-Za-z0-9_-]{43}$/;

async function issueLink(
  tx: Tx,
  user: UserRecord,
  issuedBy: string,
  now: Date,
  settings: AccountSettings,
): Promise<string> {
  await expireSignInLinks(tx, user.id, now);
  // Issued like every secret token (services/tokens.ts); checked in the transaction that uses it
  // up (liveLink), since a one-time credential cannot be served from the verifiers' cache.
  const { token, prefix, hash } = issueToken('osl');
  await insertSignInLink(tx, {
    organizationId: user.organizationId,
    userId: user.id,
    prefix,
    tokenHash: hash,
    issuedBy,
    expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS),
  });
  return `${settings.publicBaseUrl}/sign-in/link/${token}`;
}

export interface Invitation {
  user: UserRecord;
  signInUrl: string;
  /** False when the address already had an account here: it gets a fresh link instead. */
  created: boolean;
}

/**
 * Invites a person to the organization (or, when the address already has an account there,
 * issues a fresh sign-in link). The link signs them in once, within SIGN_IN_LINK_TTL_MS.
 */
export async function invitePerson(
  tx: Tx,
  ctx: RequestContext,
  input: { email: string; displayName?: string; role: UserRole },
  settings: AccountSettings,
): Promise<Invitation> {
  const email = normaliseEmail(input.email);
  const displayName = input.displayName?.trim() || email.split('@')[0]!;
  const problems = [];
  if (!EMAIL.test(email) || email.length > 320)
    problems.push({ name: 'body.email', reason: 'enter an email address, like name@clinic.org' });
  if (displayName.length > 200)
    problems.push({ name: 'body.displayName', reason: 'at most 200 characters' });
  if (problems.length > 0) throw invalidInput(problems);
  const organizationId = ctx.actor.organizationId;
  const existing = await findUserByEmail(tx, email);
  if (existing && existing.organizationId !== organizationId)
    throw invalidInput([{ name: 'body.email', reason: 'this address cannot be invited here' }]);
  if (existing?.disabledAt)
    throw invalidInput([
      { name: 'body.email', reason: 'this person is disabled; enable them first' },
    ]);
  const user =
    existing ?? (await insertUser(tx, { organizationId, email, displayName, role: input.role }));
  const signInUrl = await issueLink(tx, user, ctx.actor.label, ctx.now, settings);
  await audit(
    tx,
    ctx,
    existing ? 'user.sign_in_link' : 'user.invite',
    { type: 'user', id: user.id },
    existing ? {} : { role: input.role },
  );
  return { user, signInUrl, created: !existing };
}

/** A new one-time sign-in link for a person of the organization (lost passkey, forgotten password). */
export async function issueSignInLink(
  tx: Tx,
  ctx: RequestContext,
  userId: string,
  settings: AccountSettings,
): Promise<{ user: UserRecord; signInUrl: string }> {
  const user = await findUser(tx, ctx.actor.organizationId, userId);
  if (!user) throw notFound('person');
  if (user.disabledAt) throw new DomainError('CONFLICT', 'this person is disabled');
  const signInUrl = await issueLink(tx, user, ctx.actor.label, ctx.now, settings);
  await audit(tx, ctx, 'user.sign_in_link', { type: 'user', id: user.id });
  return { user, signInUrl };
}

async function liveLink(tx: Tx, token: string, now: Date) {
  const match = LINK_PATTERN.exec(token);
  const presented = sha256(token);
  const link = match ? await findSignInLinkByPrefix(tx, match[1]!) : null;
  const matches = timingSafeEqual(presented, link?.tokenHash ?? sha256('decoy'));
  if (!link || !matches || link.usedAt !== null || link.expiresAt <= now) return null;
  return link;
}

/** Whether a sign-in link would work now (the page that asks to continue; nothing is used up). */
export async function signInLinkIsLive(tx: Tx, token: string, now: Date): Promise<boolean> {
  return (await liveLink(tx, token, now)) !== null;
}

// ---- Sessions -----------------------------------------------------------------------------

export interface NewSession {
  /** The cookie's value: shown to this browser only, stored as a hash. */
  token: string;
  user: UserRecord;
}

async function startSession(
  tx: Tx,
  user: UserRecord,
  method: 'link' | 'password' | 'passkey',
  device: string | null,
  now: Date,
  settings: AccountSettings,
): Promise<NewSession> {
  const token = randomToken();
  const session = await insertSession(tx, {
    organizationId: user.organizationId,
    userId: user.id,
    tokenHash: sha256(token),
    method,
    device,
    now,
    expiresAt: new Date(now.getTime() + settings.sessionMaxMs),
  });
  await setUserSecrets(tx, user.id, { lastSignInAt: now });
  await audit(
    tx,
    { actor: actorOfUser(user), requestId: null, now },
    'user.sign_in',
    { type: 'session', id: session.id },
    { method },
  );
  return { token, user };
}

/** Uses a one-time link: a new session, or null when the link is unknown, used or expired. */
export async function signInWithLink(
  tx: Tx,
  token: string,
  device: string | null,
  now: Date,
  settings: AccountSettings,
): Promise<NewSession | null> {
  const link = await liveLink(tx, token, now);
  if (!link || !(await useSignInLink(tx, link.id, now))) return null;
  const user = await findUser(tx, link.organizationId, link.userId);
  if (!user || user.disabledAt) return null;
  return startSession(tx, user, 'link', device, now, settings);
}

/** The person a session cookie belongs to, if the session is live; refreshes its idle clock. */
export async function resumeSession(
  tx: Tx,
  token: string,
  now: Date,
  settings: AccountSettings,
): Promise<SignedIn | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const found = await findLiveSession(
    tx,
    sha256(token),
    now,
    new Date(now.getTime() - settings.sessionIdleMs),
  );
  if (found && now.getTime() - found.lastSeenAt.getTime() > TOUCH_INTERVAL_MS)
    await touchSession(tx, found.sessionId, now);
  return found;
}

export async function signOut(tx: Tx, signedIn: SignedIn, now: Date): Promise<void> {
  await revokeSessions(tx, { userId: signedIn.user.id, id: signedIn.sessionId }, now);
}

/** Ends every session of the person, this one included. */
export async function signOutEverywhere(tx: Tx, ctx: RequestContext): Promise<number> {
  const userId = ctx.actor.userId!;
  const count = await revokeSessions(tx, { userId }, ctx.now);
  await audit(tx, ctx, 'user.sign_out_everywhere', { type: 'user', id: userId }, { count });
  return count;
}

export async function revokeOwnSession(
  tx: Tx,
  ctx: RequestContext,
  sessionId: string,
): Promise<void> {
  const count = await revokeSessions(tx, { userId: ctx.actor.userId!, id: sessionId }, ctx.now);
  if (count === 0) throw notFound('session');
  await audit(tx, ctx, 'session.revoke', { type: 'session', id: sessionId });
}

export function sessionsOfPerson(tx: Tx, userId: string, now: Date): Promise<SessionRecord[]> {
  return sessionsOf(tx, userId, now);
}

// ---- Passwords ----------------------------------------------------------------------------

// Verified against when the address has no password, so a miss costs what a hit does.
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= argon2Hash(randomToken()));

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `use at least ${PASSWORD_MIN_LENGTH} characters (a few words together work well)`;
  if (password.length > PASSWORD_MAX_LENGTH) return `use at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}

/** Sets (or changes) the person's own password. A change needs the current one. */
export async function setPassword(
  tx: Tx,
  ctx: RequestContext,
  input: { password: string; confirmation: string; current?: string },
): Promise<void> {
  const userId = ctx.actor.userId!;
  const secrets = (await userSecrets(tx, userId))!;
  const problems = [];
  if (secrets.passwordHash !== null) {
    const ok = await argon2Verify(secrets.passwordHash, input.current ?? '');
    if (!ok) problems.push({ name: 'body.current', reason: 'this is not your current password' });
  }
  const problem = passwordProblem(input.password);
  if (problem) problems.push({ name: 'body.password', reason: problem });
  else if (input.password !== input.confirmation)
    problems.push({ name: 'body.confirmation', reason: 'the two passwords differ' });
  if (problems.length > 0) throw invalidInput(problems);
  await setUserSecrets(tx, userId, { passwordHash: await argon2Hash(input.password) });
  await audit(tx, ctx, 'user.password_set', { type: 'user', id: userId });
}

export type PasswordCheck = { ok: false } | { ok: true; user: UserRecord; needsCode: boolean };

/** Checks an email and password. Takes the same time whether or not the account exists. */
export async function checkPassword(
  tx: Tx,
  email: string,
  password: string,
): Promise<PasswordCheck> {
  const user = await findUserByEmail(tx, normaliseEmail(email));
  const secrets = user && !user.disabledAt ? await userSecrets(tx, user.id) : null;
  const stored = secrets?.passwordHash ?? (await decoy());
  const matches = await argon2Verify(stored, password.slice(0, PASSWORD_MAX_LENGTH)).catch(
    () => false,
  );
  if (!matches || !user || !secrets?.passwordHash) return { ok: false };
  return { ok: true, user, needsCode: secrets.totpEnabled };
}

/** Signs in after a password (and no second factor). */
export function signInWithPassword(
  tx: Tx,
  user: UserRecord,
  device: string | null,
  now: Date,
  settings: AccountSettings,
): Promise<NewSession> {
  return startSession(tx, user, 'password', device, now, settings);
}

// ---- Two-request steps (TOTP after a password; WebAuthn challenges) ------------------------

export async function beginStep(
  tx: Tx,
  purpose: 'totp' | 'passkey-sign-in' | 'passkey-register',
  userId: string | null,
  challenge: string | null,
  now: Date,
): Promise<string> {
  const token = randomToken();
  await insertChallenge(tx, {
    tokenHash: sha256(token),
    purpose,
    userId,
    challenge,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
  });
  return token;
}

// ---- TOTP ---------------------------------------------------------------------------------

const totpFor = (secret: Secret, email: string) =>
  new TOTP({ issuer: 'Orderly', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret });

/** The 30-second step a code matches (±1 step for clocks that drift), or null. */
function matchingStep(secret: Secret, email: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret, email).validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
}

const totpContext = (userId: string) => `totp ${userId}`;

/** A new, unconfirmed TOTP secret: the otpauth URI (for a QR code) and the key to type. */
export async function beginTotp(
  tx: Tx,
  ctx: RequestContext,
  box: SecretBox,
  email: string,
): Promise<{ uri: string; key: string }> {
  const userId = ctx.actor.userId!;
  const secrets = (await userSecrets(tx, userId))!;
  if (secrets.totpEnabled) throw new DomainError('CONFLICT', 'codes are already turned on');
  const secret = new Secret({ size: 20 });
  await setUserSecrets(tx, userId, { totpSecret: box.encrypt(secret.base32, totpContext(userId)) });
  return { uri: totpFor(secret, email).toString(), key: secret.base32 };
}

/** Turns TOTP on once the person types a code from their app. */
export async function confirmTotp(
  tx: Tx,
  ctx: RequestContext,
  box: SecretBox,
  email: string,
  code: string,
): Promise<void> {
  const userId = ctx.actor.userId!;
  const secrets = (await userSecrets(tx, userId))!;
  if (secrets.totpEnabled) throw new DomainError('CONFLICT', 'codes are already turned on');
  if (!secrets.totpSecret) throw invalidInput([{ name: 'body.code', reason: 'start again' }]);
  const secret = Secret.fromBase32(box.decrypt(secrets.totpSecret, totpContext(userId)));
  const step = matchingStep(secret, email, code, ctx.now);
  if (step === null)
    throw invalidInput([
      { name: 'body.code', reason: 'that code does not match; try the newest one' },
    ]);
  await setUserSecrets(tx, userId, { totpEnabledAt: ctx.now, totpLastStep: step });
  await audit(tx, ctx, 'user.totp_enable', { type: 'user', id: userId });
}

export async function disableTotp(tx: Tx, ctx: RequestContext): Promise<void> {
  const userId = ctx.actor.userId!;
  await setUserSecrets(tx, userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
  await audit(tx, ctx, 'user.totp_disable', { type: 'user', id: userId });
}

/** The person waiting for their code after a password, if the step is live. */
export async function personAwaitingCode(
  tx: Tx,
  stepToken: string,
  now: Date,
): Promise<UserRecord | null> {
  const step = await peekChallenge(tx, sha256(stepToken), 'totp', now);
  if (!step?.userId) return null;
  const user = await findUserById(tx, step.userId);
  return user && !user.disabledAt ? user : null;
}

/** Checks the code of a person awaiting it; a right code ends the step and signs in. */
export async function signInWithCode(
  tx: Tx,
  box: SecretBox,
  stepToken: string,
  code: string,
  device: string | null,
  now: Date,
  settings: AccountSettings,
): Promise<NewSession | null> {
  const user = await personAwaitingCode(tx, stepToken, now);
  if (!user) return null;
  const secrets = (await userSecrets(tx, user.id))!;
  if (!secrets.totpEnabled || !secrets.totpSecret) return null;
  const secret = Secret.fromBase32(box.decrypt(secrets.totpSecret, totpContext(user.id)));
  const step = matchingStep(secret, user.email, code, now);
  if (step === null || !(await claimTotpStep(tx, user.id, step))) return null;
  if (!(await takeChallenge(tx, sha256(stepToken), 'totp', now))) return null;
  return startSession(tx, user, 'password', device, now, settings);
}

// ---- Passkeys -----------------------------------------------------------------------------

function relyingParty(settings: AccountSettings): { rpID: string; origin: string } {
  const url = new URL(settings.publicBaseUrl);
  return { rpID: url.hostname, origin: url.origin };
}

export async function passkeyRegistrationOptions(
  tx: Tx,
  user: UserRecord,
  now: Date,
  settings: AccountSettings,
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; stepToken: string }> {
  const existing = await passkeysOf(tx, user.id);
  const options = await generateRegistrationOptions({
    rpName: 'Orderly',
    rpID: relyingParty(settings).rpID,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: new Uint8Array(Buffer.from(user.id.replaceAll('-', ''), 'hex')),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const stepToken = await beginStep(tx, 'passkey-register', user.id, options.challenge, now);
  return { options, stepToken };
}

export async function registerPasskey(
  tx: Tx,
  ctx: RequestContext,
  stepToken: string,
  response: RegistrationResponseJSON,
  settings: AccountSettings,
): Promise<PasskeyRecord> {
  const userId = ctx.actor.userId!;
  const step = await takeChallenge(tx, sha256(stepToken), 'passkey-register', ctx.now);
  if (!step || step.userId !== userId || !step.challenge)
    throw invalidInput([{ name: 'body.response', reason: 'the request expired; try again' }]);
  const { rpID, origin } = relyingParty(settings);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: step.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
  } catch {
    throw invalidInput([{ name: 'body.response', reason: 'the passkey could not be verified' }]);
  }
  if (!verification.verified)
    throw invalidInput([{ name: 'body.response', reason: 'the passkey could not be verified' }]);
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const passkey = await insertPasskey(tx, {
    organizationId: ctx.actor.organizationId,
    userId,
    credentialId: credential.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports ?? [],
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
  });
  await audit(tx, ctx, 'user.passkey_add', { type: 'passkey', id: passkey.id });
  return passkey;
}

export async function passkeySignInOptions(
  tx: Tx,
  now: Date,
  settings: AccountSettings,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; stepToken: string }> {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(settings).rpID,
    userVerification: 'preferred',
  });
  const stepToken = await beginStep(tx, 'passkey-sign-in', null, options.challenge, now);
  return { options, stepToken };
}

/** Verifies a passkey assertion: a new session, or null (unknown passkey, bad signature, expired step). */
export async function signInWithPasskey(
  tx: Tx,
  stepToken: string,
  response: AuthenticationResponseJSON,
  device: string | null,
  now: Date,
  settings: AccountSettings,
): Promise<NewSession | null> {
  const step = await takeChallenge(tx, sha256(stepToken), 'passkey-sign-in', now);
  if (!step?.challenge || typeof response?.id !== 'string') return null;
  const passkey = await findPasskeyByCredentialId(tx, response.id);
  if (!passkey) return null;
  const { rpID, origin } = relyingParty(settings);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: step.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: false,
    });
  } catch {
    return null;
  }
  if (!verification.verified) return null;
  const user = await findUserById(tx, passkey.userId);
  if (!user || user.disabledAt) return null;
  await recordPasskeyUse(tx, passkey.id, verification.authenticationInfo.newCounter, now);
  return startSession(tx, user, 'passkey', device, now, settings);
}

export function passkeysOfPerson(tx: Tx, userId: string): Promise<PasskeyRecord[]> {
  return passkeysOf(tx, userId);
}

export async function removePasskey(tx: Tx, ctx: RequestContext, id: string): Promise<void> {
  if (!(await deletePasskey(tx, ctx.actor.userId!, id))) throw notFound('passkey');
  await audit(tx, ctx, 'user.passkey_remove', { type: 'passkey', id });
}

// ---- People (admins) ----------------------------------------------------------------------

export function peopleOf(tx: Tx, organizationId: string): Promise<UserRecord[]> {
  return listUsers(tx, organizationId);
}

export async function getPerson(tx: Tx, organizationId: string, id: string): Promise<UserRecord> {
  const user = await findUser(tx, organizationId, id);
  if (!user) throw notFound('person');
  return user;
}

/** Changes a person's role, or disables (ending every session) or re-enables them. */
export async function changePerson(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  changes: { role?: UserRole; disabled?: boolean },
): Promise<UserRecord> {
  if (id === ctx.actor.userId && (changes.disabled === true || changes.role === 'advocate'))
    throw new DomainError('CONFLICT', 'you cannot disable yourself or give up your own admin role');
  const updated = await updateUser(tx, ctx.actor.organizationId, id, {
    ...(changes.role !== undefined && { role: changes.role }),
    ...(changes.disabled !== undefined && { disabledAt: changes.disabled ? ctx.now : null }),
  });
  if (!updated) throw notFound('person');
  if (changes.disabled === true) {
    await revokeSessions(tx, { userId: id }, ctx.now);
    // Their calendar links stop too; a person who is no longer an admin keeps only the
    // feeds an advocate may make.
    await revokeFeedsCreatedBy(tx, ctx, { userId: id });
  } else if (changes.role === 'advocate') {
    await revokeFeedsCreatedBy(tx, ctx, { userId: id }, true);
  }
  await audit(
    tx,
    ctx,
    'user.update',
    { type: 'user', id },
    { fields: Object.keys(changes).sort(), ...changes },
  );
  return updated;
}
