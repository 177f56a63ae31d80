/**
 * Tokens at rest: AES-256-GCM with TOKEN_ENCRYPTION_KEY (32 bytes), a fresh 12-byte nonce per value,
 * and the row's name as additional data, so a ciphertext copied onto another row does not decrypt.
 * Stored as `v1.<nonce>.<tag>.<ciphertext>`, base64url.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface TokenCipher {
  seal(plain: string, bound: string): string;
  open(sealed: string, bound: string): string;
}

const VERSION = 'v1';

export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new Error(`TOKEN_ENCRYPTION_KEY must be 32 bytes, not ${key.length}`);
  return {
    seal(plain, bound) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(bound));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, nonce, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed, bound) {
      const [version, nonce, tag, body] = sealed.split('.');
      if (version !== VERSION || !nonce || !tag || body === undefined) throw new Error('a stored token is not in a format Paperboy wrote');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url')).setAAD(Buffer.from(bound));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('a stored token does not decrypt with TOKEN_ENCRYPTION_KEY (was the key changed?)');
      }
    },
  };
}
