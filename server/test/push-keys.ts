import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createRequire } from 'node:module';

/** What a browser's PushSubscription holds: its P-256 key pair and auth secret. */
export interface BrowserPushKeys {
  p256dh: string;
  auth: string;
  ecdh: ECDH;
  authSecret: Buffer;
}

export function browserPushKeys(): BrowserPushKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: authSecret.toString('base64url'),
    ecdh,
    authSecret,
  };
}

interface Ece {
  decrypt(buffer: Buffer, params: { version: string; privateKey: ECDH; authSecret: Buffer }): Buffer;
}

/** Decrypts a Web Push body (aes128gcm) as the browser would, to the text the push carried. */
export function decryptPushText(body: Buffer, keys: BrowserPushKeys): string {
  // http_ece is the Web Push encryption library web-push itself uses.
  const ece = createRequire(import.meta.url)('http_ece') as Ece;
  return ece
    .decrypt(body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.authSecret })
    .toString('utf8');
}

/** Decrypts a Web Push body and reads its JSON: proves what the push carried. */
export function decryptPush(body: Buffer, keys: BrowserPushKeys): unknown {
  return JSON.parse(decryptPushText(body, keys)) as unknown;
}
