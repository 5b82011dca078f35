// A case recorded late (issue 13): a DV order entered three days before its renewal deadline
// used to get its first reminder at 09:00 on the last day. When a case or event is recorded
// after some scheduled reminders have passed, one catch-up reminder goes out at the next
// allowed time (outside quiet hours) for each open act still ahead — to the advocates and the
// webhooks; to petitioners only for the renewal and the hearing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import {
  createCase,
  post,
  remindersOf,
  TEST_SECRETS_KEY,
  TestClock,
  type ReminderJson,
} from '../support/reminders.js';

let api: TestApi;
let tenant: Tenant;
let advocateId: string;
// Tuesday 2027-06-01, 10:00 in Los Angeles (PDT).
const TUESDAY_10AM = '2027-06-01T17:00:00.000Z';
const clock = new TestClock(new Date(TUESDAY_10AM));

beforeAll(async () => {
  api = await startTestApi({ clock, env: { SECRETS_KEY: TEST_SECRETS_KEY } });
  tenant = await createTenant(api);
  await post(tenant, '/v1/webhook-endpoints', { url: 'https://hooks.clinic.example/orderly' });
  advocateId = (
    await post<{ id: string }>(tenant, '/v1/advocates', {
      displayName: 'Ada',
      email: 'ada@clinic.example',
    })
  ).id;
});
afterAll(() => api.close());

const catchUps = (reminders: ReminderJson[]) =>
  reminders.filter((r) => r.occurrence === 'catch-up');
const who = (reminders: ReminderJson[]) => reminders.map((r) => r.recipient.type).sort();

async function addContact(caseId: string, locale = 'en') {
  return post<{ id: string }>(tenant, `/v1/cases/${caseId}/contacts`, {
    email: `p-${caseId.slice(-6)}-${locale}@example.org`,
    locale,
    consentAt: '2027-06-01T16:00:00Z',
  });
}

describe('a DV order entered three days before its renewal deadline', () => {
  it('gets one catch-up reminder now, to the advocate, the webhook and (once added) the petitioner', async () => {
    const owner = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'LATE-1',
      advocateIds: [advocateId],
      // Expires Friday June 4: the renewal window opened March 4; every reminder until the
      // last day (09:00 June 4) has passed.
      events: [{ type: 'ORDER_AFTER_HEARING', date: '2024-06-04', expires: '2027-06-04' }],
    });
    const first = catchUps(await remindersOf(tenant, owner.id));
    expect(first.map((r) => [r.deadlineKey, r.dueAt])).toEqual([
      ['RENEWAL_DEADLINE', TUESDAY_10AM],
      ['RENEWAL_DEADLINE', TUESDAY_10AM],
    ]);
    expect(who(first)).toEqual(['ADVOCATE', 'WEBHOOK']);
    // The regular last-day reminder stays.
    expect(
      (await remindersOf(tenant, owner.id)).some(
        (r) => r.occurrence === '0d-before' && r.status === 'PENDING',
      ),
    ).toBe(true);

    // The petitioner's contact, added a minute later, gets hers too (renewal: petitioners yes).
    clock.advance(60_000);
    try {
      await addContact(owner.id, 'es');
      const all = catchUps(await remindersOf(tenant, owner.id));
      expect(who(all)).toEqual(['ADVOCATE', 'CONTACT', 'WEBHOOK']);
      expect(all.find((r) => r.recipient.type === 'CONTACT')!.dueAt).toBe(
        '2027-06-01T17:01:00.000Z',
      );
      // One per act and recipient: recording another event does not add more.
      await post(tenant, `/v1/cases/${owner.id}/events`, {
        type: 'SERVED',
        date: '2024-06-05',
        method: 'MAIL',
      });
      expect(catchUps(await remindersOf(tenant, owner.id))).toHaveLength(3);
    } finally {
      clock.set(TUESDAY_10AM);
    }
  });

  it('recorded during quiet hours: the catch-up waits for their end (08:00)', async () => {
    clock.set('2027-06-02T05:30:00Z'); // 22:30 on Tuesday in Los Angeles
    try {
      const owner = await createCase(tenant, {
        family: 'DV',
        court: 'CA',
        reference: 'LATE-NIGHT',
        events: [{ type: 'ORDER_AFTER_HEARING', date: '2024-06-04', expires: '2027-06-04' }],
      });
      const late = catchUps(await remindersOf(tenant, owner.id));
      expect(late.map((r) => r.dueAt)).toEqual(['2027-06-02T15:00:00.000Z']); // Wed 08:00 PDT
    } finally {
      clock.set(TUESDAY_10AM);
    }
  });
});

describe('acts of a case recorded late', () => {
  it('service (clinic only) and the hearing (petitioner too) each get one; an EPO (not an act) none', async () => {
    const owner = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'LATE-2',
      advocateIds: [advocateId],
      events: [
        // An EPO issued last Thursday night (its reminders start "immediately"), and a hearing
        // Tuesday June 8 at 08:30: its 7-day reminder (June 1, 09:00) has passed; the service
        // deadline (June 3) had its 3-day reminder on May 31.
        { type: 'EPO_ISSUED', date: '2027-05-27', time: '21:00' },
        { type: 'HEARING_SET', date: '2027-06-08', time: '08:30' },
      ],
    });
    await addContact(owner.id);
    const all = await remindersOf(tenant, owner.id);
    const byKey = (key: string) => who(catchUps(all).filter((r) => r.deadlineKey === key));
    expect(byKey('SERVICE_DEADLINE')).toEqual(['ADVOCATE', 'WEBHOOK']);
    expect(byKey('HEARING')).toEqual(['ADVOCATE', 'CONTACT', 'WEBHOOK']);
    expect(byKey('EPO_EXPIRES')).toEqual([]);
    expect(all.some((r) => r.deadlineKey === 'EPO_EXPIRES' && r.occurrence === 'immediately')).toBe(
      true,
    );
    expect(catchUps(all).every((r) => r.status === 'PENDING')).toBe(true);
  });

  it('recorded in time: no catch-up', async () => {
    const owner = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'ON-TIME',
      advocateIds: [advocateId],
      events: [
        { type: 'TRO_GRANTED', date: '2027-06-01' },
        { type: 'HEARING_SET', date: '2027-06-21', time: '08:30' },
      ],
    });
    expect(catchUps(await remindersOf(tenant, owner.id))).toEqual([]);
  });

  it('a catch-up on the day a regular reminder goes out anyway is not sent twice', async () => {
    clock.set('2027-06-03T13:30:00Z'); // Thursday 06:30 (quiet until 08:00), deadline Friday
    try {
      const owner = await createCase(tenant, {
        family: 'DV',
        court: 'CA',
        reference: 'LATE-3',
        advocateIds: [advocateId],
        // Hearing Friday June 4: the 1-day reminder is Thursday 09:00, an hour after the
        // quiet hours end; a catch-up at 08:00 would say the same thing.
        events: [
          { type: 'TRO_GRANTED', date: '2027-05-28' },
          { type: 'HEARING_SET', date: '2027-06-04', time: '08:30' },
        ],
      });
      const all = await remindersOf(tenant, owner.id);
      expect(catchUps(all).filter((r) => r.deadlineKey === 'HEARING')).toEqual([]);
      expect(all.some((r) => r.deadlineKey === 'HEARING' && r.occurrence === '1d-before')).toBe(
        true,
      );
    } finally {
      clock.set(TUESDAY_10AM);
    }
  });
});

describe('a bulk import', () => {
  // An import is like a case entered late, but it brings in many cases at once: catch-ups for
  // all of them would reach advocates and webhooks together, for cases nobody is looking at.
  // An import schedules only the regular reminders still ahead (README "Catch-up reminders").
  const header =
    'reference,family,court,status,court_case_number,petitioner_label,respondent_label,event_type,event_date,event_time,event_days,event_method,event_expires,event_expires_time,event_permanent,event_motion,event_moved_by';
  const importCsv = async (rows: string[]) => {
    const response = await tenant.request({
      method: 'POST',
      url: '/v1/imports',
      headers: { 'content-type': 'text/csv' },
      payload: `${[header, ...rows].join('\n')}\n`,
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const caseWithReference = async (reference: string): Promise<string> => {
    const response = await tenant.request({ method: 'GET', url: '/v1/cases?limit=100' });
    const found = response
      .json<{ items: { id: string; reference: string }[] }>()
      .items.find((c) => c.reference === reference);
    expect(found, response.body).toBeDefined();
    return found!.id;
  };

  it('of a case three days before its renewal deadline sends no catch-up, nor does a late event it adds', async () => {
    await importCsv(['LATE-IMPORT,DV,CA,OPEN,,,,ORDER_AFTER_HEARING,2024-06-04,,,,2027-06-04,,,,']);
    const id = await caseWithReference('LATE-IMPORT');
    const first = await remindersOf(tenant, id);
    expect(catchUps(first)).toEqual([]);
    // The regular reminders still ahead are scheduled, to the webhook.
    expect(
      first.some(
        (r) =>
          r.deadlineKey === 'RENEWAL_DEADLINE' &&
          r.occurrence === '0d-before' &&
          r.recipient.type === 'WEBHOOK' &&
          r.status === 'PENDING',
      ),
    ).toBe(true);

    // A case imported in time, then a second file adds a hearing next Tuesday, whose 7-day
    // reminder (today 09:00) has passed: recorded through the API it would get catch-ups.
    await importCsv(['LATE-IMPORT-2,DV,CA,OPEN,,,,TRO_GRANTED,2027-05-28,,,,,,,,']);
    await importCsv([
      'LATE-IMPORT-2,DV,CA,OPEN,,,,TRO_GRANTED,2027-05-28,,,,,,,,',
      'LATE-IMPORT-2,DV,CA,OPEN,,,,HEARING_SET,2027-06-08,08:30,,,,,,,',
    ]);
    const after = await remindersOf(tenant, await caseWithReference('LATE-IMPORT-2'));
    expect(after.some((r) => r.deadlineKey === 'HEARING' && r.status === 'PENDING')).toBe(true);
    expect(catchUps(after)).toEqual([]);
  });
});
