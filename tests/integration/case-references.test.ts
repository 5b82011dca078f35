// A clinic's reference is how people find a case (issue 13): a second case with the same
// reference in one organization is a 409 naming body.reference unless the client says it means
// it; references and labels never carry control characters (they end up in calendar names,
// titles and emails); two orders after hearing without a renewal between them are a warning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';

let api: TestApi;
let clinic: Tenant;
let other: Tenant;

beforeAll(async () => {
  api = await startTestApi();
  clinic = await createTenant(api, 'Clinic');
  other = await createTenant(api, 'Other clinic');
});
afterAll(() => api.close());

const newCase = (reference: string, extra: object = {}) => ({
  family: 'DV',
  court: 'CA',
  reference,
  events: [{ type: 'TRO_GRANTED', date: '2027-02-20' }],
  ...extra,
});

async function caseCount(tenant: Tenant): Promise<number> {
  const response = await tenant.request({ method: 'GET', url: '/v1/cases?limit=200' });
  return response.json<{ items: unknown[] }>().items.length;
}

async function patch(tenant: Tenant, id: string, body: object) {
  const current = await tenant.request({ method: 'GET', url: `/v1/cases/${id}` });
  return tenant.request({
    method: 'PATCH',
    url: `/v1/cases/${id}`,
    headers: { 'if-match': current.headers.etag as string },
    payload: body,
  });
}

describe('duplicate references', () => {
  it('a second case with the same reference (any case, surrounding spaces) is a 409 naming body.reference, and changes nothing', async () => {
    const first = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: newCase('DV-2026-001'),
    });
    expect(first.statusCode, first.body).toBe(201);
    const firstId = first.json<{ case: { id: string } }>().case.id;
    const count = await caseCount(clinic);
    for (const reference of ['DV-2026-001', ' dv-2026-001 ']) {
      const second = await clinic.request({
        method: 'POST',
        url: '/v1/cases',
        payload: newCase(reference),
      });
      expect(second.statusCode, second.body).toBe(409);
      expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(second.json()).toMatchObject({
        status: 409,
        errors: [{ name: 'body.reference', reason: expect.stringContaining(firstId) }],
      });
    }
    expect(await caseCount(clinic)).toBe(count);
    // Another organization's references are its own.
    const elsewhere = await other.request({
      method: 'POST',
      url: '/v1/cases',
      payload: newCase('DV-2026-001'),
    });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('allowDuplicateReference: true keeps both', async () => {
    await clinic.request({ method: 'POST', url: '/v1/cases', payload: newCase('DUP-OK') });
    const again = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: newCase('DUP-OK', { allowDuplicateReference: true }),
    });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('renaming a case to a reference in use is a 409 too (unless allowed); keeping its own is fine', async () => {
    await clinic.request({ method: 'POST', url: '/v1/cases', payload: newCase('REN-A') });
    const b = (
      await clinic.request({ method: 'POST', url: '/v1/cases', payload: newCase('REN-B') })
    ).json<{ case: { id: string } }>().case.id;
    const clash = await patch(clinic, b, { reference: 'ren-a' });
    expect(clash.statusCode, clash.body).toBe(409);
    expect(clash.json()).toMatchObject({ errors: [{ name: 'body.reference' }] });
    expect((await patch(clinic, b, { reference: 'REN-B' })).statusCode).toBe(200);
    expect(
      (await patch(clinic, b, { reference: 'REN-A', allowDuplicateReference: true })).statusCode,
    ).toBe(200);
  });

  it('two concurrent creations with one reference: exactly one succeeds', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        clinic.request({ method: 'POST', url: '/v1/cases', payload: newCase('RACE-1') }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });
});

describe('control characters', () => {
  it.each([
    ['reference', { reference: 'DV\n2026' }, 'body.reference'],
    ['reference (tab)', { reference: 'DV\t7' }, 'body.reference'],
    ['reference (line separator)', { reference: 'DV\u20287' }, 'body.reference'],
    [
      'court case number',
      { reference: 'CC-1', courtCaseNumber: '25\u0007X' },
      'body.courtCaseNumber',
    ],
    ['party label', { reference: 'CC-2', petitionerLabel: 'P\u001bA' }, 'body.petitionerLabel'],
  ])('in a %s are a 400 naming the field', async (_what, fields, name) => {
    const response = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: { family: 'DV', court: 'CA', ...fields },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({
      errors: [{ name, reason: expect.stringMatching(/control character/) }],
    });
  });

  it('in a feed label are a 400 naming body.label', async () => {
    const response = await clinic.request({
      method: 'POST',
      url: '/v1/feeds',
      payload: { scope: 'ORGANIZATION', label: 'front desk\r\nX-Evil: 1' },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ name: 'body.label' }] });
  });

  it('in a reference sent by PATCH are a 400', async () => {
    const id = (
      await clinic.request({ method: 'POST', url: '/v1/cases', payload: newCase('CTRL-P') })
    ).json<{ case: { id: string } }>().case.id;
    const response = await patch(clinic, id, { reference: 'CTRL\u0085P' });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ name: 'body.reference' }] });
  });
});

describe('two orders after hearing', () => {
  it('without a renewal between them get a warning; with one, none', async () => {
    const twice = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: {
        family: 'DV',
        court: 'CA',
        reference: 'OAH-TWICE',
        events: [
          { type: 'ORDER_AFTER_HEARING', date: '2026-03-10' },
          { type: 'ORDER_AFTER_HEARING', date: '2026-09-14' },
        ],
      },
    });
    expect(twice.statusCode, twice.body).toBe(201);
    const warnings = twice.json<{ case: { warnings: { code: string; eventIds: string[] }[] } }>()
      .case.warnings;
    const warning = warnings.find((w) => w.code === 'ORDER_AFTER_HEARING_TWICE');
    expect(warning, JSON.stringify(warnings)).toBeDefined();
    expect(warning!.eventIds).toHaveLength(2);

    const renewed = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: {
        family: 'DV',
        court: 'CA',
        reference: 'OAH-RENEWED',
        events: [
          { type: 'ORDER_AFTER_HEARING', date: '2021-03-10', expires: '2024-03-10' },
          { type: 'RENEWAL_FILED', date: '2024-01-10' },
          { type: 'ORDER_AFTER_HEARING', date: '2024-02-14' },
        ],
      },
    });
    expect(renewed.statusCode, renewed.body).toBe(201);
    expect(
      renewed.json<{ case: { warnings: { code: string }[] } }>().case.warnings.map((w) => w.code),
    ).not.toContain('ORDER_AFTER_HEARING_TWICE');
  });
});
