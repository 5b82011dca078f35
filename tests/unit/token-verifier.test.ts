// The token verifier's cache and revocation (issue 11, "revocation gap across processes"):
// cached records serve only while revocations can reach this process; without the listener,
// every token is read afresh, so a revocation made elsewhere is seen at once.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { issueToken, TokenVerifier, type TokenKind } from '../../src/services/tokens.js';

function store() {
  const { token, prefix, hash } = issueToken('tst');
  const row = { id: 'r1', revoked: false };
  let reads = 0;
  const kind: TokenKind<{ id: string; revoked: boolean }> = {
    tag: 'tst',
    revokedChannel: 'tst_revoked',
    useNotRecorded: 'not recorded',
    find: async (p) => {
      reads++;
      return p === prefix ? { record: { ...row }, hash } : null;
    },
    isLive: (record) => !record.revoked,
    touch: async () => undefined,
  };
  return { token, row, kind, reads: () => reads };
}

const clock = { now: () => new Date('2027-01-01T00:00:00Z') };

describe('TokenVerifier', () => {
  it('serves from its cache while revocations can reach it (a revocation then evicts)', async () => {
    const s = store();
    const verifier = new TokenVerifier(s.kind, clock, createLogger('silent'));
    verifier.useCacheOnlyWhile(() => true);
    expect(await verifier.verify(s.token)).not.toBeNull();
    s.row.revoked = true;
    // Until the notification arrives the cached record answers: that is the gap NOTIFY closes.
    expect(await verifier.verify(s.token)).not.toBeNull();
    expect(s.reads()).toBe(1);
  });

  it('reads every token afresh while the listener is down: a revocation is seen at once', async () => {
    const s = store();
    let listening = true;
    const verifier = new TokenVerifier(s.kind, clock, createLogger('silent'));
    verifier.useCacheOnlyWhile(() => listening);
    expect(await verifier.verify(s.token)).not.toBeNull();
    listening = false;
    s.row.revoked = true;
    expect(await verifier.verify(s.token)).toBeNull();
    s.row.revoked = false;
    expect(await verifier.verify(s.token)).not.toBeNull();
    expect(await verifier.verify(s.token)).not.toBeNull();
    expect(s.reads()).toBe(4);
  });
});
