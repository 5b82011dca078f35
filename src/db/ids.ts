// Row ids made here rather than by Prisma when rows are inserted in bulk (createMany does not
// return them): UUIDv7, like the schema's @default(uuid(7)) — time-ordered, so keyset
// pagination by id follows creation order.
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

export function uuidv7(now: number = Date.now()): string {
  // Within one millisecond, a counter in the random bits keeps ids from one process ordered;
  // when it runs out (thousands of ids in a millisecond: a bulk import), or the clock steps
  // back, the timestamp moves on by one (RFC 9562, 6.2 method 1), so ids never go backwards.
  if (now > lastMs) {
    lastMs = now;
    sequence = randomBytes(2).readUInt16BE(0) & 0x7ff;
  } else if (sequence < 0xfff) sequence++;
  else {
    lastMs++;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
