// The start page: my cases' deadlines this week, overdue acts, and warnings of a gap in
// protection, each linking to its case. "All cases" shows the whole clinic's.
import type { FastifyPluginAsync } from 'fastify';
import { todaysWork, type GapKind, type GapWarning } from '../../services/dashboard.js';
import type { DeadlineListItem } from '../../services/deadlines.js';
import { csrfOf, transaction, userOf, type Web } from '../context.js';
import { html, type Html } from '../html.js';
import { layout, sendPage } from '../layout.js';
import { longDate, shortDate } from '../strings/index.js';
import { deadlineSentence, statusTag, statusWord } from '../words.js';

const GAP_WORDS: Record<GapKind, (date: string | null, today: string) => string> = {
  EPO_ENDING_WITHOUT_TRO: (d, today) =>
    `The emergency protective order ${d && d < today ? 'ended' : 'ends'} ${d ? shortDate(d) : ''} and no temporary restraining order is recorded.`,
  TRO_LAPSES_BEFORE_HEARING: () => 'The temporary restraining order ends before the hearing.',
  EPO_EXPIRED_BEFORE_TRO: () =>
    'The emergency protective order ended before the temporary order was granted.',
  SERVICE_NOT_DONE: (d) =>
    `Service is not recorded and the last day to serve is ${d ? shortDate(d) : 'near'}.`,
  RENEWAL_WINDOW_OPEN: (d) =>
    `The renewal window opened ${d ? shortDate(d) : ''} and no renewal request is recorded.`,
};

function deadlineRows(items: DeadlineListItem[], today: string, empty: string): Html {
  if (items.length === 0) return html`<p class="orderly-muted">${empty}</p>`;
  return html`<ul class="orderly-worklist">
    ${items.map(
      (d) =>
        html`<li>
          <a class="usa-link" href="/cases/${d.caseId}#d-${d.key}">Case ${d.caseReference}</a>:
          ${deadlineSentence(d)} ${statusTag(statusWord(d, today))}
        </li>`,
    )}
  </ul>`;
}

function gapRows(gaps: GapWarning[], today: string): Html {
  if (gaps.length === 0) return html`<p class="orderly-muted">No gaps in protection found.</p>`;
  return html`<ul class="orderly-worklist orderly-worklist--warnings">
    ${gaps.map(
      (g) =>
        html`<li>
          <a class="usa-link" href="/cases/${g.caseId}${g.deadlineKey ? `#d-${g.deadlineKey}` : ''}"
            >Case ${g.caseReference}</a
          >: ${GAP_WORDS[g.kind](g.date, today)}
        </li>`,
    )}
  </ul>`;
}

export const homePages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    app.get('/', async (request, reply) => {
      const user = userOf(request);
      const all = (request.query as Record<string, unknown>).cases === 'all';
      const work = await transaction(web, (tx) =>
        todaysWork(tx, user.organizationId, all ? null : user.advocateId, web.runtime.clock.now()),
      );
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'today' },
          html`<div class="orderly-title-row">
              <h1>Today</h1>
              <p class="orderly-muted">${longDate(work.today)}</p>
            </div>
            <nav class="orderly-switch" aria-label="Whose cases">
              ${
                all
                  ? html`<a class="usa-link" href="/">My cases</a> ·
                      <strong aria-current="page">All cases</strong>`
                  : html`<strong aria-current="page">My cases</strong> ·
                      <a class="usa-link" href="/?cases=all">All cases</a>`
              }
            </nav>
            <div class="grid-row grid-gap-lg">
              <section
                class="tablet:grid-col-12 orderly-card orderly-card--alert"
                aria-labelledby="gaps-title"
              >
                <h2 id="gaps-title">Gaps in protection</h2>
                ${gapRows(work.gaps, work.today)}
              </section>
              <section class="tablet:grid-col-6 orderly-card" aria-labelledby="overdue-title">
                <h2 id="overdue-title">Overdue</h2>
                ${deadlineRows(work.overdue, work.today, 'Nothing overdue.')}
              </section>
              <section class="tablet:grid-col-6 orderly-card" aria-labelledby="week-title">
                <h2 id="week-title">This week</h2>
                ${deadlineRows(work.thisWeek, work.today, 'Nothing due in the next 7 days.')}
              </section>
            </div>
            <p>
              <a class="usa-button" href="/cases/new">New case</a>
              <a class="usa-button usa-button--outline" href="/cases">Find a case</a>
            </p>`,
        ),
      );
    });
  };
