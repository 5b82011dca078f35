// Independent checks of the feeds' iCalendar text: two parsers that share no code with
// ical-generator (ical.js, the parser behind Thunderbird, and Debian's python3-icalendar),
// plus our own reading of RFC 5545's line rules and required properties.
import { spawnSync } from 'node:child_process';
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  sequence: number;
  summary: string;
  description: string | null;
  status: string | null;
  /** DTSTART as written: 'YYYY-MM-DD' for a date, else the UTC instant (ISO). */
  start: string;
  allDay: boolean;
  /** TZID of DTSTART, if any. */
  tzid: string | null;
  lastModified: string | null;
  /** TRIGGER values of the event's VALARMs. */
  alarms: string[];
}

export interface ParsedCalendar {
  name: string | null;
  events: ParsedEvent[];
}

/** Parses with ical.js (throws on a syntax error); instants are resolved through the feed's own VTIMEZONE. */
export function parseWithIcalJs(text: string): ParsedCalendar {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const zone of root.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = root.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const start = event.startDate;
    const startProperty = component.getFirstProperty('dtstart');
    const tzid = startProperty?.getParameter('tzid');
    const lastModified = component.getFirstPropertyValue('last-modified');
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      description: event.description ?? null,
      status: (component.getFirstPropertyValue('status') as string | null) ?? null,
      start: start.isDate ? start.toString() : new Date(start.toUnixTime() * 1000).toISOString(),
      allDay: start.isDate,
      tzid: typeof tzid === 'string' ? tzid : null,
      lastModified:
        lastModified instanceof ICAL.Time
          ? new Date(lastModified.toUnixTime() * 1000).toISOString()
          : null,
      alarms: component
        .getAllSubcomponents('valarm')
        .map((alarm) => String(alarm.getFirstPropertyValue('trigger'))),
    };
  });
  const name = root.getFirstPropertyValue('x-wr-calname');
  return { name: typeof name === 'string' ? name : null, events };
}

const PYTHON = '/usr/bin/python3';
const PYTHON_READER = String.raw`
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
errors = []
def walk(component, path):
    for e in getattr(component, 'errors', []) or []:
        errors.append([path, str(e)])
    for sub in component.subcomponents:
        walk(sub, path + '/' + sub.name)
walk(cal, cal.name)
events = []
for ev in cal.walk('VEVENT'):
    start = ev.decoded('DTSTART')
    all_day = not hasattr(start, 'hour')
    events.append({
        'uid': str(ev.get('UID')),
        'sequence': int(ev.get('SEQUENCE', 0)),
        'summary': str(ev.get('SUMMARY')),
        'status': str(ev.get('STATUS')) if ev.get('STATUS') is not None else None,
        'start': start.isoformat() if all_day else start.astimezone(__import__('datetime').timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000Z'),
        'allDay': all_day,
        'alarms': len(ev.walk('VALARM')),
    })
json.dump({'errors': errors, 'events': events, 'name': str(cal.get('X-WR-CALNAME'))}, sys.stdout)
`;

export interface PythonReading {
  errors: [string, string][];
  name: string;
  events: {
    uid: string;
    sequence: number;
    summary: string;
    status: string | null;
    start: string;
    allDay: boolean;
    alarms: number;
  }[];
}

/** Parses with Debian's python3-icalendar (`apt-get install python3-icalendar`, see .ci/run). */
export function parseWithPython(text: string): PythonReading {
  const result = spawnSync(PYTHON, ['-c', PYTHON_READER], {
    input: Buffer.from(text, 'utf8'),
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const stderr = result.stderr.toString();
    if (stderr.includes("No module named 'icalendar'"))
      throw new Error(
        `${PYTHON} has no icalendar module: apt-get install -y python3-icalendar (see .ci/run)`,
      );
    throw new Error(`python3-icalendar could not read the feed:\n${stderr}`);
  }
  return JSON.parse(result.stdout.toString()) as PythonReading;
}

/** Logical lines (unfolded, RFC 5545 §3.1). */
export function unfold(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .slice(0, -1);
}

/**
 * Our own reading of RFC 5545's rules: CRLF everywhere (and at the end), no physical line
 * over 75 octets, the calendar's and each event's required properties, unique UIDs, an event's
 * properties before its alarms, a VTIMEZONE for every TZID used. Returns the problems found.
 */
export function rfc5545Problems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('does not end with CRLF');
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) problems.push('a line break that is not CRLF');
  const physical = text.split('\r\n').slice(0, -1);
  physical.forEach((line, i) => {
    const octets = Buffer.byteLength(line, 'utf8');
    if (octets > 75) problems.push(`line ${i + 1} is ${octets} octets`);
  });
  const lines = unfold(text);
  if (lines[0] !== 'BEGIN:VCALENDAR') problems.push('does not start with BEGIN:VCALENDAR');
  if (lines[lines.length - 1] !== 'END:VCALENDAR') problems.push('does not end with END:VCALENDAR');
  const stack: string[] = [];
  let current: { name: string; props: string[]; subSeen: boolean } | undefined;
  const components: { name: string; props: string[]; subSeen: boolean }[] = [];
  const uids = new Set<string>();
  const tzidsUsed = new Set<string>();
  const tzidsDefined = new Set<string>();
  for (const line of lines) {
    const begin = /^BEGIN:(.+)$/.exec(line);
    const end = /^END:(.+)$/.exec(line);
    if (begin) {
      if (current) current.subSeen = true;
      stack.push(begin[1]!);
      if (begin[1] === 'VEVENT' || begin[1] === 'VALARM' || begin[1] === 'VCALENDAR') {
        current = { name: begin[1], props: [], subSeen: false };
        components.push(current);
      }
      continue;
    }
    if (end) {
      if (stack.pop() !== end[1]) problems.push(`END:${end[1]} does not close what is open`);
      const parentName = stack[stack.length - 1];
      current = [...components].reverse().find((c) => c.name === parentName);
      continue;
    }
    const name = /^([A-Za-z0-9-]+)[;:]/.exec(line)?.[1]?.toUpperCase();
    if (!name) {
      problems.push(`not a content line: ${line.slice(0, 40)}`);
      continue;
    }
    const top = stack[stack.length - 1] ?? '';
    if (current && current.name === top) {
      if (current.subSeen && top === 'VEVENT')
        problems.push(`VEVENT property ${name} after a VALARM`);
      current.props.push(name);
    }
    const tzid = /;TZID=([^;:]+)/.exec(line)?.[1];
    if (tzid && top !== 'VTIMEZONE') tzidsUsed.add(tzid);
    if (top === 'VTIMEZONE' && name === 'TZID') tzidsDefined.add(line.slice(5));
    if (top === 'VEVENT' && name === 'UID') {
      if (uids.has(line)) problems.push(`duplicate ${line}`);
      uids.add(line);
    }
  }
  const required: Record<string, string[]> = {
    VCALENDAR: ['VERSION', 'PRODID'],
    VEVENT: ['UID', 'DTSTAMP', 'DTSTART'],
    VALARM: ['ACTION', 'TRIGGER'],
  };
  for (const component of components) {
    for (const prop of required[component.name] ?? []) {
      if (!component.props.includes(prop)) problems.push(`${component.name} without ${prop}`);
    }
    for (const once of ['UID', 'DTSTAMP', 'DTSTART', 'SEQUENCE', 'SUMMARY', 'VERSION', 'PRODID']) {
      if (component.props.filter((p) => p === once).length > 1)
        problems.push(`${component.name} with ${once} twice`);
    }
    if (
      component.name === 'VALARM' &&
      component.props.includes('ACTION') &&
      !component.props.includes('DESCRIPTION')
    )
      problems.push('VALARM (DISPLAY) without DESCRIPTION');
  }
  for (const tzid of tzidsUsed)
    if (!tzidsDefined.has(tzid)) problems.push(`TZID=${tzid} without its VTIMEZONE`);
  if (stack.length > 0) problems.push(`unclosed ${stack.join(', ')}`);
  return problems;
}
