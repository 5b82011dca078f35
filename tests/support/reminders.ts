// Helpers for reminder tests: a clock the test moves, and a few API shortcuts.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/adapters/clock.js';
import type { Tenant } from './api.js';

export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const TEST_SECRETS_KEY = randomBytes(32).toString('base64');

export interface ReminderJson {
  id: string;
  caseId: string;
  deadlineId: string;
  deadlineKey: string;
  deadlineKind: string;
  deadlineDate: string;
  occurrence: string;
  recipient: { type: 'CONTACT' | 'ADVOCATE' | 'WEBHOOK'; id: string };
  channel: 'EMAIL' | 'WEBHOOK';
  dueAt: string;
  status: 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'CANCELLED';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  cancelReason: string | null;
}

export async function remindersOf(tenant: Tenant, caseId: string): Promise<ReminderJson[]> {
  const response = await tenant.request({ method: 'GET', url: `/v1/cases/${caseId}/reminders` });
  if (response.statusCode !== 200) throw new Error(response.body);
  return response.json<{ items: ReminderJson[] }>().items;
}

export async function post<T>(tenant: Tenant, url: string, payload?: object): Promise<T> {
  const response = await tenant.request({
    method: 'POST',
    url,
    ...(payload !== undefined && { payload }),
  });
  if (response.statusCode >= 300)
    throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

export async function createCase(
  tenant: Tenant,
  body: Record<string, unknown>,
): Promise<{ id: string }> {
  return (await post<{ case: { id: string } }>(tenant, '/v1/cases', body)).case;
}
