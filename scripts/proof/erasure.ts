// Erasure, checked by pg_dump (issue 11): the real server on a real PostgreSQL, a case with
// everything that can hang from it recorded over HTTP (events, a correction, deadlines and their
// history, an advocate, a petitioner contact, reminders, a full-privacy feed that was fetched,
// Idempotency-Key responses, audit rows), then `DELETE /v1/cases/{id}` and a whole-database
// `pg_dump` searched for every piece of the case's text. Another case's text must still be there
// (the search works), and so must the tombstone. Then one contact is erased the same way.
//
// pg_dump refuses a server of a newer major version, and the embedded server ships none, so this
// section runs its own Debian PostgreSQL (the one beside pg_dump; `.ci/run` installs it).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { findPgDump, pgDump } from '../../tests/support/pg-dump.js';
import { call, ok, type ProofEnv, type ServerHandle, type Tenant } from './env.js';
import type { Section } from './section.js';

const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

function markersOf(name: string) {
  const tag = randomBytes(4).toString('hex');
  return {
    reference: `${name}-REF-${tag}`,
    courtCaseNumber: `${name}CCN${tag}`,
    petitionerLabel: `${name}Pet${tag}`,
    respondentLabel: `${name}Resp${tag}`,
    email: `${name.toLowerCase()}-${tag}@mail.example.org`,
    feedLabel: `${name}Feed${tag}`,
    voidReason: `${name}Why${tag}`,
  };
}
type Markers = ReturnType<typeof markersOf>;

/** A case with everything that can hang from it, over HTTP; its ids. */
async function populatedCase(server: ServerHandle, tenant: Tenant, m: Markers, advocateId: string) {
  const send = (
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => call(server.baseUrl, tenant.key, method, url, body, headers);
  const created = await ok<{ case: { id: string } }>(
    send(
      'POST',
      '/v1/cases',
      {
        family: 'DV',
        court: 'CA',
        reference: m.reference,
        courtCaseNumber: m.courtCaseNumber,
        petitionerLabel: m.petitionerLabel,
        respondentLabel: m.respondentLabel,
        advocateIds: [advocateId],
        events: [{ type: 'TRO_GRANTED', date: '2027-02-20' }],
      },
      { 'idempotency-key': `create-${m.reference}` },
    ),
  );
  const caseId = created.case.id;
  const hearing = await ok<{ event: { id: string } }>(
    send('POST', `/v1/cases/${caseId}/events`, {
      type: 'HEARING_SET',
      date: '2027-03-16',
      time: '08:30',
    }),
  );
  await ok(
    send('POST', `/v1/cases/${caseId}/events/${hearing.event.id}/corrections`, {
      type: 'HEARING_SET',
      date: '2027-03-17',
      time: '09:00',
    }),
  );
  const served = await ok<{ event: { id: string } }>(
    send('POST', `/v1/cases/${caseId}/events`, {
      type: 'SERVED',
      date: '2027-02-25',
      method: 'PERSONAL',
    }),
  );
  await ok(
    send('POST', `/v1/cases/${caseId}/events/${served.event.id}/void`, { reason: m.voidReason }),
  );
  const contact = await ok<{ id: string }>(
    send(
      'POST',
      `/v1/cases/${caseId}/contacts`,
      { email: m.email, consentAt: new Date(Date.now() - 60_000).toISOString(), locale: 'es' },
      { 'idempotency-key': `contact-${m.reference}` },
    ),
  );
  const feed = await ok<{ token: string }>(
    send(
      'POST',
      '/v1/feeds',
      { scope: 'CASE', caseId, privacy: 'full', label: m.feedLabel },
      { 'idempotency-key': `feed-${m.reference}` },
    ),
  );
  // Rendered once, so the server's feed caches hold the case's text too.
  const calendar = await fetch(`${server.baseUrl}/feeds/${feed.token}.ics`);
  if (!(await calendar.text()).includes(m.petitionerLabel))
    throw new Error('erasure proof: the full feed does not show the case');
  return { caseId, contactId: contact.id, feedToken: feed.token };
}

const found = (dump: string, texts: string[]) => texts.filter((text) => dump.includes(text));

export async function erasure(env: ProofEnv): Promise<Section> {
  const installation = findPgDump();
  if (!installation)
    return {
      title: 'Erasure (pg_dump search)',
      passed: false,
      markdown:
        'No Debian PostgreSQL with pg_dump under /usr/lib/postgresql (`apt-get install postgresql`; `.ci/run` does).',
    };
  const dataDir = path.join(env.dir, 'erasure-pg');
  const database = await EmbeddedPostgres.start({
    dataDir,
    port: 0,
    binaries: installation.binaries,
    settings: { fsync: 'off', synchronous_commit: 'off' },
    log: quiet,
  });
  const databaseEnv = {
    DATABASE_URL: database.url,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    DATA_DIR: path.join(env.dir, 'erasure-state'),
  };
  try {
    const server = await env.startServer('erasure', { ...databaseEnv, WORKER: 'off' });
    const tenant = await env.createTenant('Erasure Clinic', databaseEnv);
    const advocate = await ok<{ id: string }>(
      call(server.baseUrl, tenant.key, 'POST', '/v1/advocates', { displayName: 'Advocate' }),
    );
    const erased = markersOf('Gone');
    const kept = markersOf('Kept');
    const gone = await populatedCase(server, tenant, erased, advocate.id);
    const stays = await populatedCase(server, tenant, kept, advocate.id);
    const goneTexts = [...Object.values(erased), gone.caseId, gone.contactId];
    const keptTexts = [...Object.values(kept), stays.caseId];

    const before = await pgDump(installation, database.url);
    const started = performance.now();
    const deleted = await call(server.baseUrl, tenant.key, 'DELETE', `/v1/cases/${gone.caseId}`);
    const deleteMs = performance.now() - started;
    const erasure = deleted.json<{ tombstoneId: string; counts: Record<string, number> }>();
    const after = await pgDump(installation, database.url);
    const feedAfter = await fetch(`${server.baseUrl}/feeds/${gone.feedToken}.ics`);

    // A contact alone.
    const contactMarkers = markersOf('Contact');
    const owner = await populatedCase(server, tenant, contactMarkers, advocate.id);
    const contactDeleted = await call(
      server.baseUrl,
      tenant.key,
      'DELETE',
      `/v1/contacts/${owner.contactId}`,
    );
    const afterContact = await pgDump(installation, database.url);
    await server.stop();

    const rows = [
      [
        'texts of the case in the dump before `DELETE`',
        `${found(before, goneTexts).length} of ${goneTexts.length}`,
      ],
      ['`DELETE /v1/cases/{id}`', `${deleted.status} in ${deleteMs.toFixed(0)} ms`],
      [
        'rows erased',
        Object.entries(erasure.counts ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ],
      [
        'texts of the case in the dump after',
        `**${found(after, goneTexts).length}** of ${goneTexts.length}`,
      ],
      [
        "another case's texts still in the dump",
        `${found(after, keptTexts).length} of ${keptTexts.length}`,
      ],
      ['tombstone (opaque id) in the dump', after.includes(erasure.tombstoneId) ? 'yes' : '**no**'],
      ["the case's feed URL after", `${feedAfter.status}`],
      ['`DELETE /v1/contacts/{id}`', `${contactDeleted.status}`],
      [
        "the contact's email and id in the dump after",
        `**${found(afterContact, [contactMarkers.email, owner.contactId]).length}** of 2`,
      ],
      [
        "the contact's case still in the dump",
        afterContact.includes(contactMarkers.reference) ? 'yes' : '**no**',
      ],
      ['whole dump after', `${(after.length / 1024).toFixed(0)} KiB`],
    ];
    const passed =
      found(before, goneTexts).length === goneTexts.length &&
      deleted.status === 200 &&
      found(after, goneTexts).length === 0 &&
      found(after, keptTexts).length === keptTexts.length &&
      after.includes(erasure.tombstoneId) &&
      feedAfter.status === 404 &&
      contactDeleted.status === 200 &&
      found(afterContact, [contactMarkers.email, owner.contactId]).length === 0 &&
      afterContact.includes(contactMarkers.reference);
    const markdown = [
      `The real server on PostgreSQL ${installation.version} (Debian's, beside its \`pg_dump\`). A case recorded over HTTP with everything that can hang from it — events, a correction and a voided event (with its reason), deadlines and their history, an advocate assignment, a petitioner contact (email), reminders, a full-privacy feed that was fetched (so rendered and cached), \`Idempotency-Key\` responses, audit rows — then erased with \`DELETE /v1/cases/{id}\`, and a whole-database \`pg_dump\` (schema and every row, plain SQL) searched for its reference, court case number, both party labels, the contact's email, the feed's label, the void's reason, the case's id and the contact's id. A second case, made the same way, must stay whole.`,
      '',
      '| check | result |',
      '|---|---|',
      ...rows.map(([k, v]) => `| ${k} | ${v} |`),
      '',
      'Retention erases closed cases by the same code (`tests/integration/retention.test.ts`: after the period, the case and its text are gone and the tombstone names the purge).',
    ].join('\n');
    return { title: 'Erasure (pg_dump search)', passed, markdown };
  } finally {
    await database.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
