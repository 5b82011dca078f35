// A temporary order's end through continuances. Fam. Code § 245(c), CCP § 527.6(p) (and the
// parallel CCP §§ 527.8, 527.85, W&I § 15657.03): a TRO "shall remain in effect until the end of
// the continued hearing, unless otherwise ordered by the court". So once a hearing is continued,
// the end follows the latest continuance; only that continuance's own written date can set
// another. A date written on the TRO or on an earlier continuance no longer controls: keeping it
// told advocates protection had ended while it was still in force.
import { describe, expect, it } from 'vitest';
import { computeDeadlines, type CaseEvent, type Family } from '../../src/engine/index.js';
import { deadline, text } from './helpers.js';

const tro = (family: Family, events: CaseEvent[]) =>
  deadline(computeDeadlines({ family, court: 'CA', events }), 'TRO_EXPIRES');

// Worked example (DV, CH, EA alike): TRO granted Mon 2026-03-02 with a written end of
// 2026-03-20, hearing set for 2026-03-20, continued to 2026-04-10 (DV-116 writing 2026-04-10),
// then continued again to 2026-05-01 with no date written. Protection runs to 2026-05-01.
const granted = {
  id: 'tro',
  type: 'TRO_GRANTED',
  date: '2026-03-02',
  expires: '2026-03-20',
} as const;
const set = { id: 'set', type: 'HEARING_SET', date: '2026-03-20', time: '08:30' } as const;
const first = {
  id: 'c1',
  type: 'HEARING_CONTINUED',
  date: '2026-04-10',
  time: '08:30',
  expires: '2026-04-10',
} as const;
const second = { id: 'c2', type: 'HEARING_CONTINUED', date: '2026-05-01', time: '08:30' } as const;
const third = { id: 'c3', type: 'HEARING_CONTINUED', date: '2026-05-22', time: '08:30' } as const;

describe.each(['DV', 'CH', 'EA'] as const)('%s: a TRO through continuances in a row', (family) => {
  it('a later continuance without a written date carries the TRO to its hearing', () => {
    const d = tro(family, [granted, set, first, second]);
    expect(d.date).toBe('2026-05-01');
    // The end of a hearing is not a clock time: no instant is invented for it.
    expect(d.at).toBeUndefined();
    expect(text(d)).toContain('no longer controls');
    expect(text(d)).toContain('end of the continued hearing');
  });

  it('three continuances: the end follows the last one', () => {
    expect(tro(family, [granted, set, first, second, third]).date).toBe('2026-05-22');
    // Written date on the TRO only, then continued twice without dates.
    expect(tro(family, [granted, set, second, third]).date).toBe('2026-05-22');
  });

  it('the latest continuance’s own written date controls, earlier or later than its hearing', () => {
    const earlier = { ...third, expires: '2026-05-15', expiresTime: '17:00' };
    const d = tro(family, [granted, set, first, second, earlier]);
    expect(d.date).toBe('2026-05-15');
    expect(d.at).toBe('2026-05-15T17:00:00-07:00');
    const later = { ...second, expires: '2026-05-08' };
    expect(tro(family, [granted, set, first, later]).date).toBe('2026-05-08');
  });

  it('with no continuance, the date written on the TRO still controls', () => {
    expect(tro(family, [granted, set]).date).toBe('2026-03-20');
    expect(tro(family, [{ ...granted, expires: '2026-03-19' }, set]).date).toBe('2026-03-19');
  });
});

describe('GV: an ex parte GVRO is not carried by a continuance', () => {
  it('its written date still controls (Pen. Code § 18155: 21 days from the order)', () => {
    const d = tro('GV', [
      { id: 'tro', type: 'TRO_GRANTED', date: '2026-03-02', expires: '2026-03-20' },
      { id: 'set', type: 'HEARING_SET', date: '2026-03-20' },
      { id: 'c1', type: 'HEARING_CONTINUED', date: '2026-04-10' },
    ]);
    expect(d.date).toBe('2026-03-20');
  });
});
