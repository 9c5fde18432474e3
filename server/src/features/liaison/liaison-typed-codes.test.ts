import { afterEach, describe, expect, it } from 'vitest';
import { LIAISON_PIN_ATTEMPTS } from '@tsunagu/contract';
import { Agent } from '../../../test/agent.ts';
import {
  closeLiaisonWorld,
  createLiaisonWorld,
  createSheet,
  postAckMessage,
  tokenOf,
  type LiaisonWorld,
} from '../../../test/liaison-world.ts';

/** A PIN or code as someone types it with a Japanese IME: full-width digits and letters, ー for -. */
const fullWidth = (text: string) =>
  text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/-/g, 'ー');

let w: LiaisonWorld | undefined;
afterEach(async () => closeLiaisonWorld(w));

describe('PINs and reply codes typed in full width (連携シート)', () => {
  it('opens the guest link and replies with a full-width PIN', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    const guest = new Agent(w.t.app, '198.51.100.7', { sendsCsrf: false });
    const pin = fullWidth(sheet.pin!);
    expect(pin).toMatch(/^[０-９]{6}$/);

    const opened = await guest.post(`/api/guest/${tokenOf(sheet)}/open`, { pin });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ replyCode: sheet.replyCode, request: sheet.request });
    const replied = await guest.post(`/api/guest/${tokenOf(sheet)}/reply`, {
      pin: `${pin.slice(0, 3)}\u3000${pin.slice(3)}`,
      reply: '確認しました。',
    });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json()).toMatchObject({ status: 'replied', reply: { text: '確認しました。' } });
  });

  it('still refuses a wrong PIN typed in full width, counting the attempt', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    const guest = new Agent(w.t.app, '198.51.100.7', { sendsCsrf: false });
    const wrong = fullWidth(sheet.pin === '000000' ? '000001' : '000000');
    const refused = await guest.post(`/api/guest/${tokenOf(sheet)}/open`, { pin: wrong });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'PIN_INCORRECT', field: 'pin' });
    expect((await guest.get(`/api/guest/${tokenOf(sheet)}`)).json().attemptsLeft).toBe(
      LIAISON_PIN_ATTEMPTS - 1,
    );
    const letters = await guest.post(`/api/guest/${tokenOf(sheet)}/open`, { pin: 'ＡＢＣＤＥＦ' });
    expect(letters.statusCode).toBe(400);
    expect(letters.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pin' });
  });

  it('records a reply by hand against a reply code typed in full width and lower case', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    const recorded = await w.colleague.post('/api/liaison/replies', {
      replyCode: fullWidth(sheet.replyCode.toLowerCase()),
      channel: 'phone',
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({ id: sheet.id, status: 'replied', reply: { channel: 'phone' } });
  });
});
