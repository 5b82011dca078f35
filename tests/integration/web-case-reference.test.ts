// The web app's intake form and a reference another case has (issue 13): the form comes back
// with the message beside the reference field and nothing is written — not a dead-end page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinic, invite, startTestWeb, WebClient, type TestWeb } from '../support/web.js';

let web: TestWeb;
let client: WebClient;
let advocateId: string;

beforeAll(async () => {
  web = await startTestWeb({ listen: false });
  const clinic = await createClinic(web);
  const invited = await invite(web, clinic, 'intake@clinic.example', 'advocate');
  advocateId = invited.advocateId;
  client = new WebClient(web);
  await client.signInWithLink(invited.signInUrl);
});
afterAll(() => web.close());

const intake = (reference: string) =>
  client.post(
    '/cases/new',
    {
      family: 'DV',
      court: 'CA',
      reference,
      type: 'EPO_ISSUED',
      date: '2026-11-02',
      advocateIds: advocateId,
    },
    '/cases/new',
  );

describe('a second case with the same reference, from the intake form', () => {
  it('shows the form again with the message beside the reference, and writes nothing', async () => {
    const first = await intake('WEB-DUP-1');
    expect(first.statusCode, first.body).toBe(303);
    const cases = () => web.runtime.db.prisma.case.count({ where: { reference: 'WEB-DUP-1' } });
    expect(await cases()).toBe(1);

    const second = await intake(' web-dup-1 ');
    expect(second.statusCode).toBe(400);
    expect(second.body).toMatch(/id="f-reference-error"[^>]*>\s*Already the reference of case/);
    expect(second.body).toMatch(/<form/);
    expect(second.body).not.toMatch(/allowDuplicateReference/);
    expect(await cases()).toBe(1);
  });
});
