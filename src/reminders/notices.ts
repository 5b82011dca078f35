// What a change notice says (src/services/change-notices.ts): that a court closure, its
// withdrawal or a release moved a case's dates, which dates, from what to what, and what to
// check — in words an advocate uses, with the clinic's reference and never a party's name, an
// address or the court's case number. Webhooks get the same facts as JSON.
import type { ChangeNotice, NoticeMoment, ReminderPayload } from '../db/reminders.js';
import type { EmailMessage } from './messages.js';
import { kindInWords, localTime, longDate } from './messages.js';

const d = (date: string): string => longDate(date, 'en');

function momentText(m: NoticeMoment): string {
  const time = localTime(m.at, 'en');
  const when = `${d(m.date)}${time ? ` at ${time}` : ''}`;
  switch (m.status) {
    case 'OPEN':
      return when;
    case 'MET':
      return `${when} (done)`;
    case 'SUPERSEDED':
      return `${when} (no longer applies)`;
  }
}

function days(from: string, to: string): string {
  return from === to ? d(from) : `${d(from)} through ${d(to)}`;
}

/** Why the dates moved, in a sentence or two. */
export function causeText(change: ChangeNotice): string {
  const c = change.closure;
  switch (change.cause) {
    case 'COURT_CLOSURE_RECORDED': {
      if (c === null) return 'A court closure was recorded.';
      const law =
        c.authority === 'GOV_CODE_68115'
          ? 'An emergency order deems these days court holidays (Gov. Code § 68115)'
          : 'A day the court is closed for the whole day counts as a court holiday when deadlines are counted (Code Civ. Proc. § 12b)';
      return `${c.courtName} is closed on ${days(c.from, c.to)} (${c.reason}). ${law}, so Orderly recomputed this case's dates.`;
    }
    case 'COURT_CLOSURE_WITHDRAWN':
      return c === null
        ? 'A court closure was withdrawn.'
        : `The closure recorded for ${c.courtName} on ${days(c.from, c.to)} (${c.reason}) was withdrawn${c.withdrawnReason ? `: ${c.withdrawnReason}` : ''}. Orderly recomputed this case's dates without it.`;
    case 'RULES_CHANGED':
      return `Orderly's rules changed in this release (rules version ${change.rulesVersion ?? 'unknown'}), so Orderly recomputed this case's dates.`;
  }
}

/** The email to an assigned advocate (English). */
export function changeNoticeEmail(p: ReminderPayload, reminderId: string): EmailMessage {
  const change = p.change;
  const ref = p.case.reference;
  if (change === undefined) {
    return {
      subject: `[Orderly] Dates changed (case ${ref})`,
      text: `The dates of case ${ref} changed. Check the case in Orderly.\n\nReminder ${reminderId}.`,
    };
  }
  const lines = [
    `Case ${ref} (${p.case.family}, ${courtNameOf(change, p.case.court)})`,
    causeText(change),
  ];
  if (change.moved.length > 0) {
    lines.push(
      [
        'What changed:',
        ...change.moved.map(
          (m) =>
            `- ${kindInWords(m.kind)}: was ${momentText(m.previous)}; now ${momentText(m.current)}.`,
        ),
      ].join('\n'),
    );
  }
  if (change.warnings.length > 0) {
    lines.push(['Please check:', ...change.warnings.map((w) => `- ${w.message}`)].join('\n'));
  }
  if (change.closure !== null) lines.push(`Source of the closure: ${change.closure.source}`);
  lines.push(
    `Notice ${reminderId}.`,
    'Computed by Orderly: dates the court writes on an order override computed ones. Not legal advice.',
  );
  return { subject: `[Orderly] Dates changed (case ${ref})`, text: lines.join('\n\n') };
}

function courtNameOf(change: ChangeNotice, court: string): string {
  return change.closure !== null && change.closure.court === court
    ? change.closure.courtName
    : `court ${court}`;
}

export interface ChangeWebhookEvent {
  type: 'deadlines.changed';
  /** The notice id: the same on every delivery of this notice. */
  id: string;
  timestamp: string;
  data: {
    noticeId: string;
    case: ReminderPayload['case'];
    cause: ChangeNotice['cause'];
    explanation: string;
    jobId: string | null;
    closure: ChangeNotice['closure'];
    rulesVersion: string | null;
    moved: (ChangeNotice['moved'][number] & { title: string })[];
    warnings: ChangeNotice['warnings'];
  };
}

/** The JSON a webhook endpoint receives for a change notice. */
export function changeWebhookEvent(
  reminder: { id: string; dueAt: string },
  p: ReminderPayload,
): ChangeWebhookEvent {
  const change = p.change;
  return {
    type: 'deadlines.changed',
    id: reminder.id,
    timestamp: reminder.dueAt,
    data: {
      noticeId: reminder.id,
      case: p.case,
      cause: change?.cause ?? 'RULES_CHANGED',
      explanation: change ? causeText(change) : 'The case was recomputed.',
      jobId: change?.jobId ?? null,
      closure: change?.closure ?? null,
      rulesVersion: change?.rulesVersion ?? null,
      moved: (change?.moved ?? []).map((m) => ({ ...m, title: kindInWords(m.kind) })),
      warnings: change?.warnings ?? [],
    },
  };
}
