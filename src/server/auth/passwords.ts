// Password hashing with scrypt (memory-hard, in node:crypto). The parameters are stored in each hash, so
// the cost can be raised later without invalidating existing accounts, and a check always uses the cost
// the hash was made with.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** log2 of scrypt's N: 2^15 with r = 8 is 32 MiB per hash, ~0.1 s on the server, costly to guess at. */
export const DEFAULT_PASSWORD_COST = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const memoryFor = (n: number, r: number) => 128 * n * r * 2;

export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  /** `cost` is log2 N. Tests inject a low one; production keeps the default. */
  constructor(private readonly cost: number = DEFAULT_PASSWORD_COST) {
    if (!Number.isInteger(cost) || cost < 10 || cost > 20) throw new Error(`password cost out of range: ${cost}`);
  }

  /** Format: `scrypt$N$r$p$salt(base64)$key(base64)`. */
  async hash(password: string): Promise<string> {
    const n = 2 ** this.cost;
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, KEY_LENGTH, { N: n, r: R, p: P, maxmem: memoryFor(n, R) });
    return ['scrypt', n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64');
    const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: memoryFor(Number(n), Number(r)) };
    const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, options);
    return timingSafeEqual(actual, expected);
  }

  /**
   * Spends the same scrypt work as a real check, so an unknown username cannot be told from a wrong
   * password by the answer's timing. The dummy hash (no secret in it) is made once per hasher.
   */
  async burn(password: string): Promise<void> {
    this.dummyHash ??= this.hash('dummy password that matches nothing');
    await this.verify(password, await this.dummyHash);
  }
}

const defaultHasher = new PasswordHasher();

/** With the default cost; for code without a server context (scripts, test fixtures). */
export const hashPassword = (password: string) => defaultHasher.hash(password);
export const verifyPassword = (password: string, stored: string) => defaultHasher.verify(password, stored);
