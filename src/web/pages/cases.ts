// Cases: the list (search, filters, pages), intake, the case page (timeline, deadlines with
// their explanation and history, warnings, events), recording, correcting and voiding events,
// assigning advocates, closing and reopening. Every id in a URL is the case's UUID; a case of
// another organization is, here, a case that does not exist (404).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  addCalendarDays,
  courtTimeOf,
  EVENT_SCHEMAS,
  FAMILIES,
  MOTIONS,
  PARTIES,
  SERVICE_METHODS,
  type EventType,
  type Family,
} from '../../engine/index.js';
import { searchAdvocates, type AdvocateRecord } from '../../services/advocates.js';
import {
  caseFieldProblems,
  correctEvent,
  courtsForCases,
  createCase,
  eventsOfCase,
  eventTypesFor,
  getCase,
  recordEvent,
  searchCases,
  updateCaseFields,
  voidCaseEvent,
  type CaseRecord,
  type EventFields,
  type EventRecord,
} from '../../services/cases.js';
import {
  deadlinesOfCaseForTenant,
  eventsInForce,
  historyOfDeadline,
  nextDeadlinesOfCases,
  type CaseDeadline,
} from '../../services/deadlines.js';
import { eraseCase } from '../../services/erasure.js';
import {
  petitionerLinksOfCase,
  type PetitionerLinkRecord,
} from '../../services/petitioner-links.js';
import { DomainError, invalidInput, type FieldProblem } from '../../services/errors.js';
import { contactsOfCase, type ContactRecord } from '../../services/reminders.js';
import { caseTimeline } from '../../services/timeline.js';
import type { Tx } from '../../services/transaction.js';
import {
  contextOf,
  csrfOf,
  redirect,
  requireAdmin,
  transaction,
  userOf,
  type Web,
} from '../context.js';
import {
  checkboxes,
  csrfField,
  errorSummary,
  formErrorsOf,
  listOf,
  radios,
  select,
  textArea,
  textInput,
  textOf,
  type Choice,
  type FormErrors,
  type FormValues,
} from '../forms.js';
import { html, type Html } from '../html.js';
import { layout, sendPage } from '../layout.js';
import { petitionerPanel } from './petitioner-links.js';
import { courtDateTime, longDate, shortDate, strings } from '../strings/index.js';
import { timelineLegend, timelineList, timelineSvg } from '../timeline.js';
import {
  deadlineSentence,
  eventDetails,
  eventLabel,
  plainWarning,
  statusTag,
  statusWord,
  warningTitle,
} from '../words.js';

const t = strings('en');
const UUID = { type: 'string', format: 'uuid' } as const;
const CASE_PARAMS = { type: 'object', properties: { id: UUID }, required: ['id'] } as const;
const EVENT_PARAMS = {
  type: 'object',
  properties: { id: UUID, eventId: UUID },
  required: ['id', 'eventId'],
} as const;
const PAGE_SIZE = 25;
const DEADLINE_PARAMS = {
  type: 'object',
  properties: { id: UUID, deadlineId: UUID },
  required: ['id', 'deadlineId'],
} as const;
/** The newest changes a deadline shows on the case page; the rest are on its history page. */
const CASE_PAGE_HISTORY = 10;
/** Changes per page of a deadline's history page. */
const HISTORY_PAGE_SIZE = 50;

const familyChoices = (): Choice[] => FAMILIES.map((f) => ({ value: f, label: t.families[f] }));

/** The fields each event type takes (the engine's own schemas decide). */
function typesTaking(field: string): EventType[] {
  return (Object.keys(EVENT_SCHEMAS) as EventType[]).filter(
    (type) => field in EVENT_SCHEMAS[type].properties,
  );
}

/** An event from a form: only the fields filled in (the engine names what is wrong with them). */
function eventFromForm(body: unknown): { fields: EventFields; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const fields: Record<string, unknown> = {
    type: textOf(body, 'type'),
    date: textOf(body, 'date'),
  };
  for (const name of ['time', 'method', 'expires', 'expiresTime', 'motion', 'movedBy'] as const) {
    const value = textOf(body, name).trim();
    if (value) fields[name] = value;
  }
  const days = textOf(body, 'days').trim();
  if (days) {
    if (/^\d{1,3}$/.test(days)) fields.days = Number(days);
    else problems.push({ name: 'body.days', reason: 'enter a whole number of days' });
  }
  if (textOf(body, 'permanent') === 'true') fields.permanent = true;
  if (!fields.type) problems.push({ name: 'body.type', reason: 'choose what happened' });
  if (!fields.date) problems.push({ name: 'body.date', reason: 'enter the date' });
  return { fields: fields as unknown as EventFields, problems };
}

/** The event part of a form, showing only the fields the chosen type takes (with JavaScript). */
function eventFields(
  family: Family,
  values: FormValues,
  errors: FormErrors | null,
  options: { allowNone?: boolean } = {},
): Html {
  const v = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  const types = eventTypesFor(family);
  const wrap = (field: string, content: Html) =>
    html`<div data-for-types="${typesTaking(field).join(' ')}">${content}</div>`;
  return html`<div data-event-form>
    <div class="usa-form-group${errors?.type ? ' usa-form-group--error' : ''}">
      <label class="usa-label" for="f-type">What happened</label>
      ${errors?.type && html`<span class="usa-error-message" id="f-type-error">${errors.type}</span>`}
      <select
        class="usa-select"
        id="f-type"
        name="type"
        data-event-type-select
        ${errors?.type ? html`aria-describedby="f-type-error" aria-invalid="true"` : ''}
      >
        ${options.allowNone && html`<option value="">Nothing yet</option>`}
        ${(options.allowNone
          ? FAMILIES.flatMap((f) => eventTypesFor(f)).filter((x, i, all) => all.indexOf(x) === i)
          : types
        ).map(
          (type) =>
            html`<option
              value="${type}"
              ${v('type') === type ? html` selected` : ''}${
                type === 'EPO_ISSUED'
                  ? html` data-families="${FAMILIES.filter((f) => eventTypesFor(f).includes('EPO_ISSUED')).join(' ')}"`
                  : ''
              }
            >
              ${eventLabel(type)}
            </option>`,
        )}
      </select>
    </div>
    ${textInput({
      name: 'date',
      label: 'Date',
      hint: 'For a hearing set or continued: the hearing’s date.',
      type: 'date',
      value: v('date'),
      error: errors?.date,
      width: 'md',
    })}
    ${wrap('time', textInput({ name: 'time', label: 'Time (optional)', hint: 'The time of day, if known (hearing time, when an EPO was issued).', type: 'time', value: v('time'), error: errors?.time, width: 'sm' }))}
    ${wrap(
      'method',
      radios({
        name: 'method',
        label: 'How the papers were served',
        value: v('method'),
        error: errors?.method,
        choices: SERVICE_METHODS.map((m) => ({
          value: m,
          label: {
            PERSONAL: 'In person',
            MAIL: 'By mail',
            ELECTRONIC: 'Electronically',
            ALTERNATIVE: 'Another way the court ordered (personal service failed)',
          }[m],
        })),
      }),
    )}
    ${wrap(
      'motion',
      radios({
        name: 'motion',
        label: 'What the request asks',
        value: v('motion'),
        error: errors?.motion,
        choices: MOTIONS.map((m) => ({
          value: m,
          label: { MODIFY: 'To change the order', TERMINATE: 'To end the order' }[m],
        })),
      }),
    )}
    ${wrap(
      'movedBy',
      radios({
        name: 'movedBy',
        label: 'Who filed it',
        value: v('movedBy'),
        error: errors?.movedBy,
        choices: PARTIES.map((p) => ({
          value: p,
          label: {
            PETITIONER: 'The protected person (petitioner)',
            RESPONDENT: 'The restrained person (respondent)',
          }[p],
        })),
      }),
    )}
    ${wrap('days', textInput({ name: 'days', label: 'Days before the hearing allowed for service', inputmode: 'numeric', value: v('days'), error: errors?.days, width: 'sm' }))}
    ${wrap('expires', textInput({ name: 'expires', label: 'End date written on the order (optional)', hint: 'Leave empty to use the date the law gives.', type: 'date', value: v('expires'), error: errors?.expires, width: 'md' }))}
    ${wrap('expiresTime', textInput({ name: 'expiresTime', label: 'End time written on the order (optional)', type: 'time', value: v('expiresTime'), error: errors?.expiresTime, width: 'sm' }))}
    ${wrap(
      'permanent',
      checkboxes({
        name: 'permanent',
        label: 'Length of the order',
        values: v('permanent') === 'true' ? ['true'] : [],
        error: errors?.permanent,
        choices: [{ value: 'true', label: 'The order has no end date (permanent)' }],
      }),
    )}
  </div>`;
}

/** Maps the engine's field names for a single event to the form's. */
const eventFieldName = (field: string): string =>
  field.replace(/^events\[0\]\./, '').replace(/^events\[\d+\]$/, 'type');

async function allAdvocates(tx: Tx, organizationId: string): Promise<AdvocateRecord[]> {
  return (await searchAdvocates(tx, organizationId, { limit: 500 })).items;
}

function advocateNames(advocates: AdvocateRecord[], ids: string[]): string {
  const names = ids.map((id) => advocates.find((a) => a.id === id)?.displayName).filter(Boolean);
  return names.length > 0 ? names.join(', ') : 'No one yet';
}

export const casePages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    const { runtime } = web;
    const db = runtime.db.prisma;
    const now = () => runtime.clock.now();

    // ---- The list -------------------------------------------------------------------------

    async function caseList(request: FastifyRequest, reply: FastifyReply, source: unknown) {
      const user = userOf(request);
      const text = textOf(source, 'q').trim().slice(0, 64);
      const family = textOf(source, 'family');
      const status = textOf(source, 'status') || 'OPEN';
      const advocate = textOf(source, 'advocate');
      const due = textOf(source, 'due');
      const cursor = textOf(source, 'cursor');
      const today = courtTimeOf(now().getTime()).date;
      const dueDays = { week: 7, month: 31 }[due];
      const filters = {
        ...((FAMILIES as readonly string[]).includes(family) && { family: family as Family }),
        ...statusFilter(status),
        ...(/^[0-9a-f-]{36}$/.test(advocate) && { advocateId: advocate }),
        ...(text && { text }),
        ...(dueDays && {
          openDeadlineBetween: { from: today, to: addCalendarDays(today, dueDays) },
        }),
      };
      const { page, advocates, next } = await transaction(web, async (tx) => {
        const found = await searchCases(tx, user.organizationId, filters, {
          ...(cursor && { cursor }),
          limit: PAGE_SIZE,
        });
        return {
          page: found,
          advocates: await allAdvocates(tx, user.organizationId),
          next: await nextDeadlinesOfCases(
            tx,
            user.organizationId,
            found.items.map((c) => c.id),
            today,
          ),
        };
      });
      const csrf = csrfOf(reply);
      // The search text may be a court case number: it travels in a POST body, never in a URL.
      const keep = { family, status, advocate, due };
      const query = new URLSearchParams(Object.entries(keep).filter(([, v]) => v)).toString();
      return sendPage(
        reply,
        layout(
          { user, csrf, section: 'cases' },
          html`${
              textOf(source, 'erased') === '1' &&
              html`<div class="usa-alert usa-alert--success" role="status">
                <div class="usa-alert__body">
                  <p class="usa-alert__text">
                    The case was erased. Only a record that an erasure happened (who, when) is kept,
                    in the audit log.
                  </p>
                </div>
              </div>`
            }
            <div class="orderly-title-row">
              <h1>Cases</h1>
              <a class="usa-button" href="/cases/new">New case</a>
            </div>
            <form class="orderly-filters" method="post" action="/cases/search">
              ${csrfField(csrf)}
              <div class="grid-row grid-gap-2">
                <div class="tablet:grid-col-4">
                  ${textInput({ name: 'q', label: 'Reference or court case number', value: text })}
                </div>
                <div class="tablet:grid-col-2">
                  ${select({ name: 'family', label: 'Kind of order', value: family, blank: 'Any', choices: familyChoices() })}
                </div>
                <div class="tablet:grid-col-2">
                  ${select({
                    name: 'status',
                    label: 'Status',
                    value: status,
                    choices: [
                      { value: 'OPEN', label: 'Open' },
                      { value: 'CLOSED', label: 'Closed' },
                      { value: 'ANY', label: 'Any' },
                    ],
                  })}
                </div>
                <div class="tablet:grid-col-2">
                  ${select({ name: 'advocate', label: 'Advocate', value: advocate, blank: 'Anyone', choices: advocates.map((a) => ({ value: a.id, label: a.displayName })) })}
                </div>
                <div class="tablet:grid-col-2">
                  ${select({
                    name: 'due',
                    label: 'Deadline coming',
                    value: due,
                    blank: 'Any time',
                    choices: [
                      { value: 'week', label: 'Within 7 days' },
                      { value: 'month', label: 'Within 31 days' },
                    ],
                  })}
                </div>
              </div>
              <button class="usa-button" type="submit">Search</button>
              <a class="usa-button usa-button--unstyled" href="/cases">Clear</a>
            </form>
            ${
              page.items.length === 0
                ? html`<p>No cases match.</p>`
                : html`<div
                    class="usa-table-container--scrollable"
                    tabindex="0"
                    role="region"
                    aria-label="Cases"
                  >
                    <table class="usa-table usa-table--borderless usa-table--stacked orderly-table">
                      <caption class="usa-sr-only">
                        Cases
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Reference</th>
                          <th scope="col">Kind</th>
                          <th scope="col">Next deadline</th>
                          <th scope="col">Advocates</th>
                          <th scope="col">Status</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${page.items.map((c) => {
                          const n = next.get(c.id);
                          return html`<tr>
                            <th scope="row" data-label="Reference">
                              <a class="usa-link" href="/cases/${c.id}">${c.reference}</a>
                            </th>
                            <td data-label="Kind">${t.families[c.family]}</td>
                            <td data-label="Next deadline">${n ? deadlineSentence(n) : '—'}</td>
                            <td data-label="Advocates">
                              ${advocateNames(advocates, c.advocateIds)}
                            </td>
                            <td data-label="Status">${c.status === 'OPEN' ? 'Open' : 'Closed'}</td>
                          </tr>`;
                        })}
                      </tbody>
                    </table>
                  </div>`
            }
            ${
              page.nextCursor &&
              (text
                ? html`<form method="post" action="/cases/search">
                    ${csrfField(csrf)}
                    ${Object.entries({ ...keep, q: text, cursor: page.nextCursor }).map(
                      ([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`,
                    )}
                    <button class="usa-button usa-button--outline" type="submit">Next page</button>
                  </form>`
                : html`<a
                    class="usa-button usa-button--outline"
                    href="/cases?${query}${query ? '&' : ''}cursor=${page.nextCursor}"
                    >Next page</a
                  >`)
            }`,
        ),
      );
    }

    app.get('/cases', (request, reply) => caseList(request, reply, request.query));
    app.post('/cases/search', (request, reply) => caseList(request, reply, request.body));

    // ---- Intake -----------------------------------------------------------------------------

    async function intakeForm(
      request: FastifyRequest,
      reply: FastifyReply,
      values: FormValues,
      errors: FormErrors | null,
    ) {
      const user = userOf(request);
      const advocates = await transaction(web, (tx) => allAdvocates(tx, user.organizationId));
      const family = (
        (FAMILIES as readonly string[]).includes(values.family as string) ? values.family : 'DV'
      ) as Family;
      const chosen = Array.isArray(values.advocateIds) ? values.advocateIds : [];
      const labels = {
        reference: 'Reference',
        court: 'Court',
        family: 'Kind of order',
        type: 'What happened',
        date: 'Date',
      };
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'cases' },
          html`${errorSummary(errors, labels)}
            <h1>New case</h1>
            <form class="usa-form usa-form--large" method="post" action="/cases/new" novalidate>
              ${csrfField(csrfOf(reply))}
              <div class="usa-form-group">
                <label class="usa-label" for="f-family">Kind of order</label>
                <select class="usa-select" id="f-family" name="family" data-family-select>
                  ${familyChoices().map((c) => html`<option value="${c.value}" ${c.value === family ? html` selected` : ''}>${c.label}</option>`)}
                </select>
              </div>
              ${select({ name: 'court', label: 'Court', hint: 'Its closures decide which days count.', value: (values.court as string) || 'CA', error: errors?.court, choices: courtsForCases().map((c) => ({ value: c.id, label: c.name })) })}
              ${textInput({ name: 'reference', label: 'Your reference for this case', hint: 'Calendars and reminders show it. Do not use a name, and do not say what kind of case it is.', value: values.reference as string, error: errors?.reference, maxlength: 64 })}
              ${textInput({ name: 'courtCaseNumber', label: 'Court case number (optional)', value: values.courtCaseNumber as string, error: errors?.courtCaseNumber, maxlength: 64 })}
              ${checkboxes({ name: 'advocateIds', label: 'Advocates on this case', values: chosen, error: errors?.advocateIds, choices: advocates.filter((a) => a.active).map((a) => ({ value: a.id, label: a.displayName })) })}
              <fieldset class="usa-fieldset">
                <legend class="usa-legend usa-legend--large">What happened first</legend>
                ${eventFields(family, values, errors, { allowNone: true })}
              </fieldset>
              <button class="usa-button" type="submit">Create case</button>
            </form>`,
        ),
        errors ? 400 : 200,
      );
    }

    app.get('/cases/new', async (request, reply) => {
      const user = userOf(request);
      const family = textOf(request.query, 'family');
      return intakeForm(request, reply, { family, advocateIds: [user.advocateId] }, null);
    });

    app.post('/cases/new', async (request, reply) => {
      const body = request.body;
      const values: FormValues = {
        ...(body as Record<string, string>),
        advocateIds: listOf(body, 'advocateIds'),
      };
      const familyText = textOf(body, 'family');
      const problems: FieldProblem[] = [];
      if (!(FAMILIES as readonly string[]).includes(familyText))
        problems.push({ name: 'body.family', reason: 'choose the kind of order' });
      const family = familyText as Family;
      const reference = textOf(body, 'reference').trim();
      const courtCaseNumber = textOf(body, 'courtCaseNumber').trim() || null;
      problems.push(...caseFieldProblems({ reference, courtCaseNumber }));
      const hasEvent = textOf(body, 'type') !== '';
      const event = hasEvent ? eventFromForm(body) : null;
      if (event) {
        problems.push(
          ...event.problems.map((p) => ({
            ...p,
            name: p.name.replace('body.', 'body.events[0].'),
          })),
        );
        if (problems.length === 0 && !eventTypesFor(family).includes(event.fields.type))
          problems.push({
            name: 'body.events[0].type',
            reason: `not available for ${t.families[family].toLowerCase()} cases`,
          });
      }
      try {
        if (problems.length > 0) throw invalidInput(problems);
        const created = await transaction(web, (tx) =>
          createCase(tx, contextOf(web, request), {
            family,
            court: textOf(body, 'court'),
            reference,
            courtCaseNumber,
            advocateIds: listOf(body, 'advocateIds'),
            events: event ? [event.fields] : [],
          }),
        );
        return redirect(reply, `/cases/${created.case.id}`);
      } catch (error) {
        const errors = formErrorsOf(error, eventFieldName);
        if (errors) return intakeForm(request, reply, values, errors);
        throw error;
      }
    });

    // ---- The case page ----------------------------------------------------------------------

    /**
     * The case page's reads, in parallel on the pool (no transaction: each read checks the
     * organization itself, and a page shown a moment apart from a concurrent write is fine).
     */
    async function caseData(tx: Tx, organizationId: string, id: string) {
      const [found, deadlines, events, advocates, links, contacts] = await Promise.all([
        getCase(tx, organizationId, id),
        deadlinesOfCaseForTenant(tx, organizationId, id),
        eventsOfCase(tx, organizationId, id),
        allAdvocates(tx, organizationId),
        petitionerLinksOfCase(tx, organizationId, id),
        contactsOfCase(tx, organizationId, id),
      ]);
      const stopped = contacts.filter((c) => c.optedOutAt !== null);
      return { found, deadlines, events, advocates, links, stopped };
    }

    app.get('/cases/:id', { schema: { params: CASE_PARAMS } }, async (request, reply) => {
      const user = userOf(request);
      const { id } = request.params as { id: string };
      const data = await caseData(db, user.organizationId, id);
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'cases', wide: true },
          casePage(data, now(), csrfOf(reply), user.role === 'admin'),
        ),
      );
    });

    // ---- A deadline's whole history, paged newest first ("Show older" is a plain link) -------

    app.get(
      '/cases/:id/deadlines/:deadlineId/history',
      { schema: { params: DEADLINE_PARAMS } },
      async (request, reply) => {
        const user = userOf(request);
        const { id, deadlineId } = request.params as { id: string; deadlineId: string };
        const cursor = textOf(request.query, 'cursor');
        const [found, deadlines, events, page] = await Promise.all([
          getCase(db, user.organizationId, id),
          deadlinesOfCaseForTenant(db, user.organizationId, id),
          eventsOfCase(db, user.organizationId, id),
          historyOfDeadline(db, user.organizationId, deadlineId, {
            ...(cursor && { cursor }),
            limit: HISTORY_PAGE_SIZE,
          }),
        ]);
        const deadline = deadlines.find((d) => d.id === deadlineId);
        if (!deadline || page.caseId !== id) throw new DomainError('NOT_FOUND', 'not found');
        const byId = new Map(events.map((e) => [e.id, e]));
        return sendPage(
          reply,
          layout(
            { user, csrf: csrfOf(reply), section: 'cases' },
            html`<p>
                <a class="usa-link" href="/cases/${id}#d-${deadline.key}"
                  >Back to case ${found.reference}</a
                >
              </p>
              <h1>History of a date</h1>
              <p class="usa-intro">${deadlineSentence(deadline)}</p>
              <p>Every value it had and what moved it, the latest first.</p>
              <ul class="orderly-history" data-history>
                ${page.items.map((h) => html`<li>${historyLine(h, byId)}</li>`)}
              </ul>
              ${
                page.nextCursor
                  ? html`<a
                      class="usa-button usa-button--outline"
                      href="/cases/${id}/deadlines/${deadlineId}/history?cursor=${page.nextCursor}"
                      >Show older changes</a
                    >`
                  : html`<p>That is the first value it had.</p>`
              }`,
          ),
        );
      },
    );

    // ---- Events -----------------------------------------------------------------------------

    async function eventForm(
      request: FastifyRequest,
      reply: FastifyReply,
      caseId: string,
      values: FormValues,
      errors: FormErrors | null,
      correcting: EventRecord | null,
    ) {
      const user = userOf(request);
      const found = await getCase(db, user.organizationId, caseId);
      const action = correcting
        ? `/cases/${caseId}/events/${correcting.id}/correct`
        : `/cases/${caseId}/events/new`;
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'cases' },
          html`${errorSummary(errors)}
            <p><a class="usa-link" href="/cases/${caseId}">Back to case ${found.reference}</a></p>
            <h1>${correcting ? 'Correct an event' : 'Record what happened'}</h1>
            ${
              correcting &&
              html`<p>
                Correcting “${eventLabel(correcting.type)}” of ${longDate(correcting.date)}. The
                original stays in the case’s history, marked as corrected.
              </p>`
            }
            <form class="usa-form usa-form--large" method="post" action="${action}" novalidate>
              ${csrfField(csrfOf(reply))} ${eventFields(found.family, values, errors)}
              ${
                correcting &&
                textArea({
                  name: 'reason',
                  label: 'Why is this a correction?',
                  hint: 'For example: the date was typed wrong. Do not write names.',
                  value: values.reason as string,
                  error: errors?.reason,
                  required: true,
                })
              }
              <button class="usa-button" type="submit">
                ${correcting ? 'Save the correction' : 'Record'}
              </button>
            </form>`,
        ),
        errors ? 400 : 200,
      );
    }

    app.get(
      '/cases/:id/events/new',
      { schema: { params: CASE_PARAMS } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        return eventForm(request, reply, id, {}, null, null);
      },
    );

    app.post(
      '/cases/:id/events/new',
      { schema: { params: CASE_PARAMS } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const user = userOf(request);
        const { fields, problems } = eventFromForm(request.body);
        try {
          const found = await getCase(db, user.organizationId, id);
          if (problems.length === 0 && !eventTypesFor(found.family).includes(fields.type))
            problems.push({
              name: 'body.type',
              reason: `not available for ${t.families[found.family].toLowerCase()} cases`,
            });
          if (problems.length > 0) throw invalidInput(problems);
          await transaction(web, (tx) => recordEvent(tx, contextOf(web, request), id, fields));
          return redirect(reply, `/cases/${id}#events`);
        } catch (error) {
          const errors = formErrorsOf(error, eventFieldName);
          if (errors)
            return eventForm(request, reply, id, request.body as FormValues, errors, null);
          throw error;
        }
      },
    );

    async function eventOf(
      organizationId: string,
      caseId: string,
      eventId: string,
    ): Promise<EventRecord> {
      const event = (await eventsOfCase(db, organizationId, caseId)).find((e) => e.id === eventId);
      if (!event) throw new DomainError('NOT_FOUND', 'event not found');
      return event;
    }

    const asValues = (e: EventRecord): FormValues => ({
      type: e.type,
      date: e.date,
      time: e.time,
      method: e.method,
      days: e.days === undefined ? undefined : String(e.days),
      expires: e.expires,
      expiresTime: e.expiresTime,
      permanent: e.permanent ? 'true' : undefined,
      motion: e.motion,
      movedBy: e.movedBy,
    });

    app.get(
      '/cases/:id/events/:eventId/correct',
      { schema: { params: EVENT_PARAMS } },
      async (request, reply) => {
        const { id, eventId } = request.params as { id: string; eventId: string };
        const event = await eventOf(userOf(request).organizationId, id, eventId);
        return eventForm(request, reply, id, asValues(event), null, event);
      },
    );

    app.post(
      '/cases/:id/events/:eventId/correct',
      { schema: { params: EVENT_PARAMS } },
      async (request, reply) => {
        const { id, eventId } = request.params as { id: string; eventId: string };
        const user = userOf(request);
        const event = await eventOf(user.organizationId, id, eventId);
        const { fields, problems } = eventFromForm(request.body);
        const reason = textOf(request.body, 'reason').trim();
        if (!reason) problems.push({ name: 'body.reason', reason: 'say why (a few words)' });
        else if (reason.length > 500)
          problems.push({ name: 'body.reason', reason: 'at most 500 characters' });
        try {
          if (problems.length > 0) throw invalidInput(problems);
          await transaction(web, (tx) =>
            correctEvent(tx, contextOf(web, request), id, eventId, fields, reason),
          );
          return redirect(reply, `/cases/${id}#events`);
        } catch (error) {
          const errors = formErrorsOf(error, eventFieldName);
          if (errors)
            return eventForm(request, reply, id, request.body as FormValues, errors, event);
          throw error;
        }
      },
    );

    async function voidForm(
      request: FastifyRequest,
      reply: FastifyReply,
      caseId: string,
      event: EventRecord,
      errors: FormErrors | null,
    ) {
      const user = userOf(request);
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'cases' },
          html`${errorSummary(errors)}
            <p><a class="usa-link" href="/cases/${caseId}">Back to the case</a></p>
            <h1>Void an event</h1>
            <p>
              “${eventLabel(event.type)}” of ${longDate(event.date)} will no longer count: the dates
              are worked out again without it. It stays in the case’s history, marked as voided.
            </p>
            <form
              class="usa-form"
              method="post"
              action="/cases/${caseId}/events/${event.id}/void"
              novalidate
            >
              ${csrfField(csrfOf(reply))}
              ${textArea({ name: 'reason', label: 'Why is it void?', hint: 'For example: recorded on the wrong case. Do not write names.', error: errors?.reason, required: true })}
              <button class="usa-button usa-button--secondary" type="submit">Void the event</button>
            </form>`,
        ),
        errors ? 400 : 200,
      );
    }

    app.get(
      '/cases/:id/events/:eventId/void',
      { schema: { params: EVENT_PARAMS } },
      async (request, reply) => {
        const { id, eventId } = request.params as { id: string; eventId: string };
        const event = await eventOf(userOf(request).organizationId, id, eventId);
        return voidForm(request, reply, id, event, null);
      },
    );

    app.post(
      '/cases/:id/events/:eventId/void',
      { schema: { params: EVENT_PARAMS } },
      async (request, reply) => {
        const { id, eventId } = request.params as { id: string; eventId: string };
        const event = await eventOf(userOf(request).organizationId, id, eventId);
        const reason = textOf(request.body, 'reason').trim();
        if (!reason || reason.length > 500)
          return voidForm(request, reply, id, event, {
            reason: reason ? 'At most 500 characters.' : 'Say why (a few words).',
          });
        await transaction(web, (tx) =>
          voidCaseEvent(tx, contextOf(web, request), id, eventId, reason),
        );
        return redirect(reply, `/cases/${id}#events`);
      },
    );

    // ---- Assignments and status (optimistic: the form carries the version it was made from) --

    function versionOf(body: unknown): number {
      const version = Number(textOf(body, 'version'));
      if (!Number.isInteger(version) || version < 1)
        throw new DomainError('PRECONDITION_FAILED', 'the page is out of date');
      return version;
    }

    app.post(
      '/cases/:id/advocates',
      { schema: { params: CASE_PARAMS } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        await transaction(web, (tx) =>
          updateCaseFields(tx, contextOf(web, request), id, versionOf(request.body), {
            advocateIds: listOf(request.body, 'advocateIds'),
          }),
        );
        return redirect(reply, `/cases/${id}#advocates`);
      },
    );

    // ---- Erasure (admins; typed confirmation) ----------------------------------------------

    async function eraseForm(
      request: FastifyRequest,
      reply: FastifyReply,
      caseId: string,
      errors: FormErrors | null,
    ) {
      const user = requireAdmin(request);
      const found = await getCase(db, user.organizationId, caseId);
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'cases' },
          html`${errorSummary(errors)}
            <p><a class="usa-link" href="/cases/${caseId}">Back to case ${found.reference}</a></p>
            <h1>Erase case ${found.reference}</h1>
            <div class="usa-alert usa-alert--warning">
              <div class="usa-alert__body">
                <p class="usa-alert__text">
                  This removes the case and everything about it for good: its events, dates and
                  their history, reminders, the petitioner’s contact details, and the calendar links
                  made for it. Only a record that an erasure happened (who, when) stays in the audit
                  log. It cannot be undone.
                </p>
              </div>
            </div>
            <form
              class="usa-form usa-form--large"
              method="post"
              action="/cases/${caseId}/erase"
              novalidate
            >
              ${csrfField(csrfOf(reply))}
              ${textInput({
                name: 'confirm',
                label: `To confirm, type the case’s reference: ${found.reference}`,
                error: errors?.confirm,
                required: true,
                autocomplete: 'off',
              })}
              <button class="usa-button usa-button--secondary" type="submit">
                Erase the case for good
              </button>
            </form>`,
        ),
        errors ? 400 : 200,
      );
    }

    app.get('/cases/:id/erase', { schema: { params: CASE_PARAMS } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      return eraseForm(request, reply, id, null);
    });

    app.post('/cases/:id/erase', { schema: { params: CASE_PARAMS } }, async (request, reply) => {
      const user = requireAdmin(request);
      const { id } = request.params as { id: string };
      const found = await getCase(db, user.organizationId, id);
      if (textOf(request.body, 'confirm').trim() !== found.reference.trim())
        return eraseForm(request, reply, id, {
          confirm: 'Type the case’s reference exactly as shown, to confirm',
        });
      const erasure = await transaction(web, (tx) => eraseCase(tx, contextOf(web, request), id));
      // Committed: this process forgets at once what the other processes forget on NOTIFY.
      web.runtime.feeds.clearRenderCaches();
      for (const prefix of erasure.revokedFeedPrefixes) web.runtime.feedTokens.evict(prefix);
      for (const prefix of erasure.revokedLinkPrefixes) web.runtime.petitionerLinks.evict(prefix);
      return redirect(reply, '/cases?erased=1');
    });

    app.post('/cases/:id/status', { schema: { params: CASE_PARAMS } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const status = textOf(request.body, 'status');
      if (status !== 'OPEN' && status !== 'CLOSED')
        throw invalidInput([{ name: 'body.status', reason: 'open or closed' }]);
      await transaction(web, (tx) =>
        updateCaseFields(tx, contextOf(web, request), id, versionOf(request.body), { status }),
      );
      return redirect(reply, `/cases/${id}`);
    });
  };

function statusFilter(status: string): { status?: 'OPEN' | 'CLOSED' } {
  if (status === 'OPEN') return { status: 'OPEN' };
  if (status === 'CLOSED') return { status: 'CLOSED' };
  return {};
}

interface CaseData {
  found: CaseRecord;
  deadlines: CaseDeadline[];
  events: EventRecord[];
  advocates: AdvocateRecord[];
  links: PetitionerLinkRecord[];
  /** Contacts whose reminders stopped (the case's advocates are told here, and by email). */
  stopped: ContactRecord[];
}

const CAUSES: Record<string, string> = {
  CASE_CREATED: 'when the case was created',
  CASE_UPDATED: 'when the case’s court or kind changed',
  EVENT_RECORDED: 'by',
  EVENT_CORRECTED: 'by the correction',
  EVENT_VOIDED: 'when this was voided:',
  COURT_CLOSURE_RECORDED: 'because a court closure was recorded (a closed day is not a court day)',
  COURT_CLOSURE_WITHDRAWN: 'because a court closure was withdrawn',
  RULES_CHANGED: 'because Orderly’s rules changed in a new release',
};

function historyLine(
  change: CaseDeadline['history'][number],
  events: Map<string, EventRecord>,
): Html {
  const event = change.causedByEventId ? events.get(change.causedByEventId) : undefined;
  const cause = event
    ? html`${CAUSES[change.cause] ?? 'by'} “${eventLabel(event.type)}” recorded
      ${courtDateTime(event.recordedAt)}`
    : html`${CAUSES[change.cause] ?? ''}`;
  const when = (date: string | null, at: string | null) =>
    date ? `${shortDate(date)}${at ? `, ${courtDateTime(at).split(', ').at(-1)}` : ''}` : '';
  if (change.previousDate === null)
    return html`Worked out as ${when(change.date, change.at)} ${cause}
    (${courtDateTime(change.changedAt)}).`;
  if (change.previousDate !== change.date || change.previousAt !== change.at)
    return html`<strong
        >Moved from ${when(change.previousDate, change.previousAt)} to
        ${when(change.date, change.at)}</strong
      >
      ${cause}.`;
  return html`Became
  “${t.status[change.status === 'MET' ? 'met' : change.status === 'SUPERSEDED' ? 'superseded' : 'open']}”
  ${cause}.`;
}

/** How sure a date is, in a few words (the API's `basis`). */
const BASIS_LABEL: Record<CaseDeadline['basis'], string> = {
  statute: 'Basis: statute',
  form: 'Basis: court form',
  interpretation: 'Basis: interpretation (see the note)',
  unverified: 'Basis: unverified (see the note)',
};

function deadlineArticle(d: CaseDeadline, today: string, events: Map<string, EventRecord>): Html {
  const word = statusWord(d, today);
  return html`<li
    class="orderly-deadline${d.status === 'SUPERSEDED' ? ' orderly-deadline--superseded' : ''}"
    id="d-${d.key}"
  >
    <h3 class="orderly-deadline__title">${deadlineSentence(d)}</h3>
    <p class="orderly-deadline__meta">
      ${statusTag(word)} <span>Rule ${d.ruleId}</span> <span>${d.citation}</span>
      <span>${BASIS_LABEL[d.basis]}</span>
      ${d.dutyOf === 'RESPONDENT' && html`<span>The respondent's duty</span>`}
    </p>
    ${d.interpretation && html`<p class="orderly-deadline__note"><strong>Interpretation:</strong> ${d.interpretation}</p>`}
    <details class="orderly-details">
      <summary>How this date was worked out</summary>
      <ol class="orderly-steps">
        ${d.explanation.map((step) => html`<li>${step}</li>`)}
      </ol>
    </details>
    ${
      d.history.length > 0 &&
      html`<details
        class="orderly-details"
        ${d.history.some((h) => h.previousDate !== null && h.previousDate !== h.date) ? html` open` : ''}
      >
        <summary>
          History (${d.historyTruncated ? `${d.history.length}+` : d.history.length})
        </summary>
        <ul class="orderly-history">
          ${d.history.slice(-CASE_PAGE_HISTORY).map((h) => html`<li>${historyLine(h, events)}</li>`)}
        </ul>
        ${
          (d.historyTruncated || d.history.length > CASE_PAGE_HISTORY) &&
          html`<p>
            <a
              class="usa-link"
              href="/cases/${d.caseId}/deadlines/${d.id}/history"
              data-history-link
              >Show all changes<span class="usa-sr-only"> of this date</span></a
            >
          </p>`
        }
      </details>`
    }
  </li>`;
}

function casePage(data: CaseData, at: Date, csrf: string, canErase: boolean): Html {
  const { found, deadlines, events, advocates, links } = data;
  const today = courtTimeOf(at.getTime()).date;
  const byId = new Map(events.map((e) => [e.id, e]));
  const inForce = eventsInForce(events);
  const inForceIds = new Set(inForce.map((e) => e.id));
  const timeline = caseTimeline(inForce, deadlines, today);
  const correctedBy = new Map(events.filter((e) => e.correctsId).map((e) => [e.correctsId!, e]));
  const sorted = [...deadlines].sort(
    (a, b) =>
      Number(a.status === 'SUPERSEDED') - Number(b.status === 'SUPERSEDED') ||
      a.date.localeCompare(b.date) ||
      (a.at ?? '').localeCompare(b.at ?? ''),
  );
  return html`<p><a class="usa-link" href="/cases">All cases</a></p>
    <div class="orderly-title-row">
      <h1>Case ${found.reference}</h1>
      <span
        class="orderly-tag ${found.status === 'OPEN' ? 'orderly-tag--open' : 'orderly-tag--superseded'}"
        >${found.status === 'OPEN' ? 'Open' : 'Closed'}</span
      >
    </div>
    <p class="orderly-case-facts">
      ${t.families[found.family]} ·
      ${
        found.court === 'CA'
          ? 'California (statewide calendar)'
          : found.court
              .replace(/^CA-/, '')
              .replace(/-/g, ' ')
              .replace(/\b\w/g, (c) => c.toUpperCase()) + ' County'
      }
      ${found.courtCaseNumber && html` · Court case ${found.courtCaseNumber}`} · Advocates:
      ${advocateNames(advocates, found.advocateIds)}
    </p>
    ${data.stopped.map(
      (c) =>
        html`<div class="usa-alert usa-alert--warning usa-alert--slim" role="status">
          <div class="usa-alert__body">
            <p class="usa-alert__text">
              Reminders to a petitioner contact stopped on ${courtDateTime(c.optedOutAt!)}. It may
              have been the petitioner or someone with their phone: check with them in a safe way.
              <a class="usa-link" href="/cases/${found.id}/reminders#contacts-title"
                >Restart them with a fresh consent</a
              >.
            </p>
          </div>
        </div>`,
    )}
    <ul class="usa-button-group orderly-actions">
      <li class="usa-button-group__item">
        <a class="usa-button" href="/cases/${found.id}/events/new">Record what happened</a>
      </li>
      <li class="usa-button-group__item">
        <a class="usa-button usa-button--outline" href="/cases/${found.id}/calendar"
          >Calendar link</a
        >
      </li>
      <li class="usa-button-group__item">
        <a class="usa-button usa-button--outline" href="/cases/${found.id}/reminders">Reminders</a>
      </li>
    </ul>

    ${
      found.warnings.length > 0 &&
      html`<section class="usa-alert usa-alert--warning" aria-labelledby="warnings-title">
        <div class="usa-alert__body">
          <h2 class="usa-alert__heading" id="warnings-title">Check these</h2>
          <ul class="usa-list">
            ${found.warnings.map((w) => html`<li><strong>${warningTitle(w.code)}.</strong> ${plainWarning(w.message)}</li>`)}
          </ul>
        </div>
      </section>`
    }

    <section aria-labelledby="timeline-title" class="orderly-section">
      <h2 id="timeline-title">Timeline</h2>
      ${
        timeline.periods.length === 0 && timeline.acts.length === 0
          ? html`<p>Nothing recorded yet. Record what happened to see the dates.</p>`
          : html`<div class="orderly-timeline-picture">
                ${timelineSvg(timeline)}${timelineLegend(timeline)}
              </div>
              <h3 class="orderly-timeline-list-title">The timeline in words</h3>
              ${timelineList(timeline)}`
      }
    </section>

    <section aria-labelledby="deadlines-title" class="orderly-section">
      <h2 id="deadlines-title">Deadlines</h2>
      ${
        sorted.length === 0
          ? html`<p>No deadlines yet.</p>`
          : html`<ol class="orderly-deadlines">
              ${sorted.map((d) => deadlineArticle(d, today, byId))}
            </ol>`
      }
    </section>

    <section aria-labelledby="events-title" class="orderly-section" id="events">
      <h2 id="events-title">What happened</h2>
      ${
        events.length === 0
          ? html`<p>No events recorded.</p>`
          : html`<ol class="orderly-events">
              ${events.map((e) => {
                const correction = correctedBy.get(e.id);
                const state = e.voidedAt
                  ? html`<span class="orderly-tag orderly-tag--superseded">Voided</span>
                      ${e.voidReason}`
                  : correction
                    ? html`<span class="orderly-tag orderly-tag--superseded">Corrected</span>`
                    : inForceIds.has(e.id)
                      ? ''
                      : html`<span class="orderly-tag orderly-tag--superseded">Not in force</span>`;
                return html`<li class="orderly-event">
                  <div>
                    <strong>${longDate(e.date)}</strong>:
                    ${eventLabel(e.type)}${eventDetails(e) && html` <span class="orderly-muted">(${eventDetails(e)})</span>`}
                  </div>
                  ${e.correctsId && html`<div class="orderly-muted">Corrects the entry of ${courtDateTime(byId.get(e.correctsId)?.recordedAt ?? e.recordedAt)}${e.correctionReason && html`: ${e.correctionReason}`}</div>`}
                  <div class="orderly-muted">Recorded ${courtDateTime(e.recordedAt)} ${state}</div>
                  ${
                    inForceIds.has(e.id) &&
                    html`<div class="orderly-event__actions">
                      <a class="usa-link" href="/cases/${found.id}/events/${e.id}/correct"
                        >Correct<span class="usa-sr-only">
                          ${eventLabel(e.type)} of ${shortDate(e.date)}</span
                        ></a
                      >
                      <a class="usa-link" href="/cases/${found.id}/events/${e.id}/void"
                        >Void<span class="usa-sr-only">
                          ${eventLabel(e.type)} of ${shortDate(e.date)}</span
                        ></a
                      >
                    </div>`
                  }
                </li>`;
              })}
            </ol>`
      }
    </section>

    <section aria-labelledby="advocates-title" class="orderly-section" id="advocates">
      <h2 id="advocates-title">Advocates and status</h2>
      <form class="usa-form" method="post" action="/cases/${found.id}/advocates">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="version" value="${found.version}" />
        ${checkboxes({ name: 'advocateIds', label: 'Who works on this case', values: found.advocateIds, choices: advocates.filter((a) => a.active || found.advocateIds.includes(a.id)).map((a) => ({ value: a.id, label: a.displayName })) })}
        <button class="usa-button usa-button--outline" type="submit">Save advocates</button>
      </form>
      <form method="post" action="/cases/${found.id}/status" class="orderly-section">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="version" value="${found.version}" />
        <input type="hidden" name="status" value="${found.status === 'OPEN' ? 'CLOSED' : 'OPEN'}" />
        ${
          found.status === 'OPEN'
            ? html`<p>
                  Closing a case stops its reminders and takes it off the start page and calendars’
                  open lists.
                </p>
                <button
                  class="usa-button usa-button--secondary"
                  type="submit"
                  data-confirm="Close this case? Its reminders stop."
                >
                  Close the case
                </button>`
            : html`<button class="usa-button" type="submit">Reopen the case</button>`
        }
      </form>
    </section>
    ${petitionerPanel(found.id, links, csrf, at)}
    ${
      canErase &&
      html`<section aria-labelledby="erase-title" class="orderly-section" id="erase">
        <h2 id="erase-title">Erase this case</h2>
        <p>
          Erasing removes the case and everything about it for good: events, dates, reminders, the
          petitioner’s contact details, calendar links and petitioner’s page links. It cannot be
          undone.
        </p>
        <a class="usa-button usa-button--secondary" href="/cases/${found.id}/erase"
          >Erase this case…</a
        >
      </section>`
    }`;
}

export { casePage };
