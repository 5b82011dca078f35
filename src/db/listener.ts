// A dedicated connection that LISTENs for PostgreSQL notifications. It reconnects by
// itself after the server restarts; because notifications sent meanwhile are lost,
// `onReconnect` lets subscribers drop anything they cached.
import pg from 'pg';
import type { Logger } from '../logger.js';
import { logConnectionLoss } from './connection-loss.js';

export interface Listener {
  /** The process is stopping: a lost connection is expected, and not made again. */
  stopping(): void;
  /** Whether it is connected and listening now (notifications are reaching this process). */
  connected(): boolean;
  close(): Promise<void>;
}

export function listen(
  url: string,
  channels: Record<string, (payload: string) => void>,
  log: Logger,
  onReconnect: () => void,
): Listener {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let delay = 250;
  let stopping = false;

  const connect = async (): Promise<void> => {
    if (closed) return;
    // TCP keepalive: a connection that died without a word (a cable, a NAT) is noticed.
    const next = new pg.Client({
      connectionString: url,
      application_name: 'orderly-listener',
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
    });
    next.on('error', (error) => {
      logConnectionLoss(
        log,
        error,
        stopping || closed
          ? 'notification listener connection'
          : 'notification listener connection (reconnecting)',
        stopping || closed,
      );
      retry(next);
    });
    next.on('notification', (message) => {
      const handler = channels[message.channel];
      if (handler && message.payload !== undefined) handler(message.payload);
    });
    try {
      await next.connect();
      for (const channel of Object.keys(channels))
        await next.query(`LISTEN ${next.escapeIdentifier(channel)}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      delay = 250;
      onReconnect();
    } catch (error) {
      log.debug({ err: error }, 'notification listener could not connect');
      retry(next);
    }
  };

  const retry = (failed: pg.Client): void => {
    if (client === failed) client = undefined;
    failed.end().catch(() => undefined);
    if (closed || stopping || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, 10_000);
  };

  void connect();
  return {
    stopping() {
      stopping = true;
    },
    connected: () => client !== undefined && !closed,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
