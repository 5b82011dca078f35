// Secrets the reminders need to recover, not just to check: webhook signing secrets (stored
// encrypted with AES-256-GCM, bound to their endpoint's id) and opt-out links (an HMAC of the
// contact's id, so nothing is stored and a link cannot be forged or guessed).
//
// One 32-byte master key: SECRETS_KEY (base64), or else a key file generated on first use
// in DATA_DIR (`secrets.key`, mode 0600). Separate keys for each use are derived from it
// with HKDF. Run the API and a separate worker with the same key (same DATA_DIR, or the same
// SECRETS_KEY) — a worker with another key cannot sign and says so in `lastError`.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class SecretBox {
  private readonly encryptionKey: Buffer;
  private readonly optOutKey: Buffer;
  private readonly master: Buffer;

  constructor(master: Buffer) {
    if (master.length !== 32) throw new Error('the secrets key must be 32 bytes');
    this.master = master;
    this.encryptionKey = this.derive('webhook secret encryption');
    this.optOutKey = this.derive('reminder opt-out link');
  }

  /** A separate 32-byte key for one use (`info` names it), the same in every process sharing the master key. */
  derive(info: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `orderly ${info}`, 32));
  }

  /** nonce ‖ tag ‖ ciphertext; `context` (the endpoint id) must be given again to decrypt. */
  encrypt(plaintext: string, context: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), body]);
  }

  /** Throws when the blob was made with another key or for another context. */
  decrypt(blob: Buffer, context: string): string {
    const nonce = blob.subarray(0, NONCE_BYTES);
    const tag = blob.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(blob.subarray(NONCE_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  private optOutMac(contactId: Buffer): Buffer {
    return createHmac('sha256', this.optOutKey)
      .update('opt-out\0')
      .update(contactId)
      .digest()
      .subarray(0, 16);
  }

  /** The opt-out token for a contact: its id and a MAC, base64url (43 characters). */
  optOutToken(contactId: string): string {
    const id = Buffer.from(contactId.replaceAll('-', ''), 'hex');
    return Buffer.concat([id, this.optOutMac(id)]).toString('base64url');
  }

  /** The contact id a token was made for; null for anything this key did not make. */
  contactOfOptOutToken(token: string): string | null {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== 32) return null;
    const id = raw.subarray(0, 16);
    if (!timingSafeEqual(raw.subarray(16), this.optOutMac(id))) return null;
    const hex = id.toString('hex');
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return UUID.test(uuid) ? uuid : null;
  }
}

export const KEY_FILE = 'secrets.key';

/** The key kept in DATA_DIR (made on first use), for a database without SECRETS_KEY. */
export async function readOrCreateKeyFile(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, KEY_FILE);
  // The folder keeps its default mode (the embedded PostgreSQL's user must be able to pass
  // through it); the key file itself is readable by this process's user only.
  await fs.mkdir(dataDir, { recursive: true });
  try {
    // 'wx': of two processes starting at once, one creates the key and the other reads it.
    await fs.writeFile(file, `${randomBytes(32).toString('base64')}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a base64 32-byte key`);
  return key;
}

/** The SecretBox for this configuration: SECRETS_KEY, or the key file in DATA_DIR (created on first use). */
export async function openSecretBox(config: {
  secretsKey: string | undefined;
  dataDir: string;
}): Promise<SecretBox> {
  return new SecretBox(
    config.secretsKey !== undefined
      ? Buffer.from(config.secretsKey, 'base64')
      : await readOrCreateKeyFile(config.dataDir),
  );
}
