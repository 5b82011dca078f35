// Calendar subscription feeds: secret URLs (/feeds/<token>.ics) for a case, an advocate's
// assigned cases, or a whole organization, at a chosen privacy level.
//
// Tokens are secret tokens like API keys (src/services/tokens.ts): `ofd_<10 hex>_<43 base64url>`,
// found by their visible prefix, stored as a SHA-256 hash, compared in constant time. A
// calendar may have several tokens, so one can be revoked (or rotated: revoked and replaced in
// one transaction) without touching the others.
//
// Serving is built to stay fast for an organization of 10,000 deadlines (scripts/bench-feeds.ts):
// - PostgreSQL computes a digest of what the feed shows (feedDigest: which deadlines, each
//   one's revision and last change, the case fields shown) without sending the rows. The ETag
//   is made from it, so If-None-Match is answered 304 after that one aggregate query.
// - Whole calendars are kept by ETag: an unchanged feed fetched by another subscriber (or
//   without If-None-Match) is sent from memory.
// - Otherwise the listed deadlines are read without their explanations, and each event is
//   taken from a cache of rendered VEVENTs keyed by (deadline id, revision, updatedAt, privacy,
//   case fields shown): a change to a deadline or its case gives a new key, so nothing needs
//   invalidating, and only new or changed deadlines are read in full and rendered by
//   ical-generator (with a fast line folder, src/feeds/fold.ts).
import { createHash } from 'node:crypto';
import type { Database } from '../db/client.js';
import {
  advocateBelongsTo,
  caseBelongsTo,
  feedDigest,
  feedEvents,
  feedListing,
  FEED_TOKEN_REVOKED_CHANNEL,
  feedSubject,
  findFeedToken,
  findFeedTokenByPrefix,
  insertFeedToken,
  listFeedTokens,
  notifyFeedTokenRevoked,
  readFeedSnapshot,
  revokeFeedToken,
  revokeFeedTokensCreatedBy,
  touchFeedToken,
  type FeedEvent,
  type FeedPrivacy,
  type FeedScope,
  type FeedTarget,
  type FeedTokenCredential,
  type FeedTokenFilters,
  type FeedTokenRecord,
  type FeedWindow,
} from '../db/feeds.js';
import type { Tx } from '../db/transaction.js';
import { SizeBoundedLru } from '../feeds/lru.js';
import {
  assembleCalendar,
  calendarName,
  isTimed,
  renderEvent,
  renderFingerprint,
} from '../feeds/render.js';
import { audit } from './audit.js';
import { addCalendarDays, courtTimeOf } from '../engine/index.js';
import type { Clock } from '../adapters/clock.js';
import type { RequestContext } from './context.js';
import { DomainError, invalidInput, notFound, type FieldProblem } from './errors.js';
import { decodeCursor, toPage, type Page } from './pagination.js';
import { parseExpiry } from './expiry.js';
import { checkDisplayText } from './text.js';
import { issueToken, type TokenKind, type TokenVerifier } from './tokens.js';

export type { FeedPrivacy, FeedScope, FeedTokenCredential, FeedTokenRecord };
export { FEED_PRIVACY_LEVELS, FEED_SCOPES } from '../db/feeds.js';

export const FEED_TOKEN_TAG = 'ofd';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Feed tokens as secret tokens: what src/runtime.ts builds the feeds' TokenVerifier over. */
export function feedTokens(db: Database): TokenKind<FeedTokenCredential> {
  return {
    tag: FEED_TOKEN_TAG,
    revokedChannel: FEED_TOKEN_REVOKED_CHANNEL,
    useNotRecorded: 'could not record a feed fetch',
    find: async (prefix) => {
      const credential = await findFeedTokenByPrefix(db.prisma, prefix);
      return credential && { record: credential, hash: credential.tokenHash };
    },
    isLive: (credential, now) => isLive(credential, now),
    touch: (id, at) => touchFeedToken(db.prisma, id, at),
  };
}

/** Whether a feed still serves at `now`: not revoked, not expired. */
export function isLive(feed: Pick<FeedTokenRecord, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return feed.revokedAt === null && (feed.expiresAt === null || new Date(feed.expiresAt) > now);
}

// ---- Management (through /v1, write scope) ----------------------------------------------

export interface NewFeed {
  scope: FeedScope;
  caseId?: string;
  advocateId?: string;
  privacy?: FeedPrivacy;
  label?: string | null;
  /**
   * ISO 8601 instant after which the URL stops working, or a date (the end of that day at the
   * court); at most 6 years ahead. Absent: until revoked.
   */
  expiresAt?: string;
}

/**
 * The whole organization's calendar, and the `full` level (party labels, court case numbers,
 * explanations), are for admins: a write-scope key or an advocate gets 403.
 */
function checkLevel(ctx: RequestContext, feed: { scope: FeedScope; privacy: FeedPrivacy }): void {
  if (ctx.actor.scopes.includes('admin')) return;
  const field =
    feed.scope === 'ORGANIZATION'
      ? { name: 'body.scope', reason: 'a feed of the whole organization needs admin' }
      : feed.privacy === 'full'
        ? { name: 'body.privacy', reason: 'the full level needs admin' }
        : null;
  if (field) throw new DomainError('FORBIDDEN', `${field.name}: ${field.reason}`, [field]);
}

/** An instant, or a date (the end of that day at the court: the web app's date field). */
function expiryOf(ctx: RequestContext, expiresAt: string | undefined): Date | null {
  if (expiresAt === undefined) return null;
  const parsed = parseExpiry(expiresAt, ctx.now, 'body.expiresAt');
  if ('problem' in parsed) throw invalidInput([parsed.problem]);
  return parsed.at;
}

/** Who makes a token: recorded so revoking the key, or disabling the person, revokes it. */
const creatorOf = (ctx: RequestContext) => ({
  createdByApiKeyId: ctx.actor.apiKeyId,
  createdByUserId: ctx.actor.userId ?? null,
});

/** The target fields a scope needs, and no others. */
function checkTarget(input: NewFeed): void {
  const problems: FieldProblem[] = [];
  const needs = { CASE: 'caseId', ADVOCATE: 'advocateId', ORGANIZATION: null }[input.scope];
  for (const field of ['caseId', 'advocateId'] as const) {
    const given = input[field] !== undefined;
    if (field === needs && !given)
      problems.push({ name: `body.${field}`, reason: `required when scope is ${input.scope}` });
    if (field !== needs && given)
      problems.push({ name: `body.${field}`, reason: `not allowed when scope is ${input.scope}` });
  }
  checkDisplayText({ label: input.label }, problems);
  if (problems.length > 0) throw invalidInput(problems);
}

async function insertToken(
  tx: Tx,
  ctx: RequestContext,
  fields: Pick<FeedTokenRecord, 'scope' | 'caseId' | 'advocateId' | 'privacy' | 'label'> & {
    expiresAt: Date | null;
  },
): Promise<{ feed: FeedTokenRecord; token: string }> {
  const { token, prefix, hash: tokenHash } = issueToken(FEED_TOKEN_TAG);
  const feed = await insertFeedToken(tx, {
    organizationId: ctx.actor.organizationId,
    ...fields,
    ...creatorOf(ctx),
    prefix,
    tokenHash,
  });
  return { feed, token };
}

export async function createFeed(
  tx: Tx,
  ctx: RequestContext,
  input: NewFeed,
): Promise<{ feed: FeedTokenRecord; token: string }> {
  checkTarget(input);
  const privacy = input.privacy ?? 'neutral';
  checkLevel(ctx, { scope: input.scope, privacy });
  const expiresAt = expiryOf(ctx, input.expiresAt);
  const organizationId = ctx.actor.organizationId;
  // Another organization's case or advocate is, to this one, a case that does not exist.
  if (input.caseId !== undefined && !(await caseBelongsTo(tx, organizationId, input.caseId)))
    throw notFound('case');
  if (
    input.advocateId !== undefined &&
    !(await advocateBelongsTo(tx, organizationId, input.advocateId))
  )
    throw notFound('advocate');
  const created = await insertToken(tx, ctx, {
    scope: input.scope,
    caseId: input.caseId ?? null,
    advocateId: input.advocateId ?? null,
    privacy,
    label: input.label ?? null,
    expiresAt,
  });
  await audit(
    tx,
    ctx,
    'feed.create',
    { type: 'feed', id: created.feed.id },
    {
      prefix: created.feed.prefix,
      scope: input.scope,
      privacy: created.feed.privacy,
      ...(created.feed.expiresAt !== null && { expiresAt: created.feed.expiresAt }),
    },
  );
  return created;
}

export async function getFeed(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<FeedTokenRecord> {
  const found = await findFeedToken(tx, organizationId, id);
  if (!found) throw notFound('feed');
  return found;
}

export async function searchFeeds(
  tx: Tx,
  organizationId: string,
  filters: FeedTokenFilters,
  page: { cursor?: string; limit: number },
): Promise<Page<FeedTokenRecord>> {
  const afterId = page.cursor === undefined ? undefined : decodeCursor(page.cursor, filters, 1)[0];
  const rows = await listFeedTokens(tx, organizationId, filters, {
    ...(afterId && { afterId }),
    limit: page.limit + 1,
  });
  return toPage(rows, page.limit, (row) => [row.id], filters);
}

/** Revokes a token: its URL answers 404 from the next request on, in every Orderly process. */
export async function revokeFeed(
  tx: Tx,
  ctx: RequestContext,
  id: string,
): Promise<FeedTokenRecord> {
  const revoked = await revokeFeedToken(tx, ctx.actor.organizationId, id, ctx.now);
  if (!revoked) throw notFound('feed');
  await notifyFeedTokenRevoked(tx, revoked.prefix);
  await audit(tx, ctx, 'feed.revoke', { type: 'feed', id }, { prefix: revoked.prefix });
  return revoked;
}

/**
 * Revokes the feeds an API key or a person made (with `adminLevelOnly`, only the organization
 * and `full` feeds: a person who is no longer an admin). Each is announced on the revocation
 * channel, so every process stops serving it once the transaction commits.
 */
export async function revokeFeedsCreatedBy(
  tx: Tx,
  ctx: RequestContext,
  creator: { apiKeyId: string } | { userId: string },
  adminLevelOnly = false,
): Promise<number> {
  const revoked = await revokeFeedTokensCreatedBy(
    tx,
    ctx.actor.organizationId,
    creator,
    ctx.now,
    adminLevelOnly,
  );
  for (const feed of revoked) {
    await notifyFeedTokenRevoked(tx, feed.prefix);
    await audit(
      tx,
      ctx,
      'feed.revoke',
      { type: 'feed', id: feed.id },
      { prefix: feed.prefix, with: 'apiKeyId' in creator ? 'api_key' : 'user' },
    );
  }
  return revoked.length;
}

/** Revokes a token and issues a new one for the same calendar and privacy, in one transaction. */
export async function rotateFeed(
  tx: Tx,
  ctx: RequestContext,
  id: string,
): Promise<{ replaced: FeedTokenRecord; feed: FeedTokenRecord; token: string }> {
  const current = await getFeed(tx, ctx.actor.organizationId, id);
  if (current.revokedAt !== null)
    throw new DomainError('CONFLICT', 'this feed token is already revoked; create a new feed');
  // The new token is the rotating actor's (revoked with them), so it needs what creating does.
  checkLevel(ctx, current);
  const replaced = await revokeFeed(tx, ctx, id);
  const created = await insertToken(tx, ctx, {
    scope: current.scope,
    caseId: current.caseId,
    advocateId: current.advocateId,
    privacy: current.privacy,
    label: current.label,
    expiresAt: current.expiresAt === null ? null : new Date(current.expiresAt),
  });
  await audit(
    tx,
    ctx,
    'feed.rotate',
    { type: 'feed', id: created.feed.id },
    { prefix: created.feed.prefix, replaces: id },
  );
  return { replaced, ...created };
}

// ---- Serving (/feeds/<token>.ics, no API key) ---------------------------------------------

/** Deadlines dated more than this long ago are left out of feeds. */
export const FEED_PAST_DAYS = 366;
/** A superseded deadline stays in feeds, as STATUS:CANCELLED, for this long after it was superseded. */
export const CANCELLED_KEPT_DAYS = 30;

export type FeedResponse =
  { status: 304; etag: string } | { status: 200; etag: string; body: Buffer };

/** Strong ETags, compared weakly as If-None-Match asks (RFC 9110 §13.1.2). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

export interface FeedServiceOptions {
  /** Rendered events kept, in bytes. */
  eventCacheSize?: number;
  /** Whole calendars kept, in bytes. */
  calendarCacheSize?: number;
}

export class FeedService {
  private readonly events: SizeBoundedLru<Buffer>;
  private readonly calendars: SizeBoundedLru<Buffer>;
  private readonly building = new Map<string, Promise<Buffer>>();
  private eventsRendered = 0;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** The feed tokens (built in src/runtime.ts, which routes their revocations to it). */
    private readonly tokens: TokenVerifier<FeedTokenCredential>,
    private readonly publicBaseUrl: string,
    options: FeedServiceOptions = {},
  ) {
    this.events = new SizeBoundedLru(options.eventCacheSize ?? 64 * 1024 * 1024);
    this.calendars = new SizeBoundedLru(options.calendarCacheSize ?? 64 * 1024 * 1024);
  }

  /** The subscription URLs of a token. */
  urlsOf(token: string): { url: string; webcalUrl: string } {
    const url = `${this.publicBaseUrl}/feeds/${token}.ics`;
    return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
  }

  /** The live token `presented` is, or null (malformed, unknown, revoked). */
  open(presented: string): Promise<FeedTokenCredential | null> {
    return this.tokens.verify(presented);
  }

  /**
   * The calendar of an open token, or 304 when `ifNoneMatch` names its current ETag; null when
   * what it shows is gone (its advocate was deactivated).
   */
  async serve(
    credential: FeedTokenCredential,
    ifNoneMatch: string | undefined,
  ): Promise<FeedResponse | null> {
    const now = this.clock.now();
    const target: FeedTarget = {
      organizationId: credential.organizationId,
      scope: credential.scope,
      caseId: credential.caseId,
      advocateId: credential.advocateId,
    };
    const privacy = credential.privacy;
    const window: FeedWindow = {
      from: courtDaysAgo(now, FEED_PAST_DAYS),
      supersededSince: new Date(now.getTime() - CANCELLED_KEPT_DAYS * 86_400_000),
      openOnly: privacy === 'busy',
    };
    // The calendar this request builds, which requests for the same ETag arriving meanwhile
    // wait for instead of building it again (subscribers' apps all refresh after a restart).
    let build: Build | undefined;
    try {
      // One snapshot, so the ETag describes exactly the rows rendered.
      const read = await readFeedSnapshot(this.db, async (tx) => {
        const subject = await feedSubject(tx, target);
        if (!subject) return null;
        const name = calendarName(privacy, target.scope, subject.caseReference);
        const { digest } = await feedDigest(tx, target, window);
        const etag = `"${sha256(`${renderFingerprint()}\n${privacy}\n${name}\n${digest}`).toString('base64url')}"`;
        if (ifNoneMatchHits(ifNoneMatch, etag)) return { etag, notModified: true as const };
        const cached = this.calendars.get(etag);
        if (cached) return { etag, body: cached };
        const pending = this.building.get(etag);
        if (pending) return { etag, pending };
        build = new Build(etag);
        this.building.set(etag, build.promise);
        const listing = await feedListing(tx, target, window);
        const rendered = listing.map(({ version }) => this.events.get(`${version}|${privacy}`));
        const missing = listing.filter((_, i) => rendered[i] === undefined).map((e) => e.id);
        const events = await feedEvents(tx, target.organizationId, missing);
        return { etag, name, listing, rendered, events };
      });
      if (read === null) return null;
      this.tokens.markUsed(credential, now);
      if ('notModified' in read) return { status: 304, etag: read.etag };
      if ('body' in read) return { status: 200, etag: read.etag, body: read.body };
      if ('pending' in read) return { status: 200, etag: read.etag, body: await read.pending };
      const fresh = new Map<string, FeedEvent>(read.events.map((e) => [e.entry.id, e]));
      const texts = read.listing.map(({ id, version }, i) => {
        const cached = read.rendered[i];
        if (cached !== undefined) return cached;
        // Read in the same snapshot as the listing: it cannot be missing.
        const event = fresh.get(id);
        if (!event) throw new Error('a listed deadline is missing from the same snapshot');
        const text = Buffer.from(renderEvent(event.entry, event.details, privacy));
        this.events.set(`${version}|${privacy}`, text);
        this.eventsRendered += 1;
        return text;
      });
      const timed = read.listing.some((e) => isTimed(e.kind, e.hasTime));
      const body = assembleCalendar(read.name, texts, timed);
      this.calendars.set(read.etag, body);
      build?.resolve(body);
      return { status: 200, etag: read.etag, body };
    } catch (error) {
      build?.reject(error);
      throw error;
    } finally {
      if (build) this.building.delete(build.etag);
    }
  }

  /** Cache statistics (tests and the benchmark). */
  cacheStats(): {
    events: { entries: number; size: number };
    calendars: { entries: number; size: number };
    /** Events rendered by ical-generator since the start. */
    eventsRendered: number;
  } {
    return {
      events: this.events.stats(),
      calendars: this.calendars.stats(),
      eventsRendered: this.eventsRendered,
    };
  }

  /** Drops every rendered event and calendar: after an erasure (in every process), and the benchmark's cold runs. */
  clearRenderCaches(): void {
    this.events.clear();
    this.calendars.clear();
  }
}

/** A calendar being built: its bytes, once they exist. */
class Build {
  readonly promise: Promise<Buffer>;
  resolve!: (body: Buffer) => void;
  reject!: (error: unknown) => void;
  constructor(readonly etag: string) {
    this.promise = new Promise<Buffer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Nobody may be waiting: a failure is the building request's own error.
    this.promise.catch(() => undefined);
  }
}

/** The court-zone calendar date `days` days before now's. */
function courtDaysAgo(now: Date, days: number): string {
  return addCalendarDays(courtTimeOf(now.getTime()).date, -days);
}
