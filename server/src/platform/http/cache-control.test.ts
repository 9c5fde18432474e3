import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Agent } from '../../../test/agent.ts';
import {
  closeLiaisonWorld,
  createLiaisonWorld,
  createSheet,
  postAckMessage,
  tokenOf,
  type LiaisonWorld,
} from '../../../test/liaison-world.ts';
import { createPlan, crisisBody } from '../../../test/plan-factories.ts';

/** Responses that carry a person's data are never kept by a browser or a proxy. */

let w: LiaisonWorld;
beforeAll(async () => {
  w = await createLiaisonWorld();
});
afterAll(async () => closeLiaisonWorld(w));

function expectNotStored(response: LightMyRequestResponse, status = 200): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['cache-control']).toMatch(/(^|[ ,])no-store($|,)/);
}

describe('Cache-Control: no-store on person data', () => {
  it('on a person’s page and their team’s timeline', async () => {
    expectNotStored(await w.lead.get(`/api/persons/${w.personId}`));
    expectNotStored(await w.lead.get(`/api/persons/${w.personId}/messages`));
    expectNotStored(await w.lead.get(`/api/persons?q=${encodeURIComponent('山並')}`));
  });

  it('on a plan’s PDF', async () => {
    const planId = await createPlan(w.lead, w.personId, 'crisis', crisisBody());
    const pdf = await w.lead.get(`/api/plans/${planId}/pdf?version=1`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expectNotStored(pdf);
  });

  it('on the guest link, before and after its PIN opens the one item', async () => {
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    const visitor = new Agent(w.t.app, '198.51.100.7');
    expectNotStored(await visitor.get(`/api/guest/${tokenOf(sheet)}`));
    const opened = await visitor.post(`/api/guest/${tokenOf(sheet)}/open`, { pin: sheet.pin });
    expect(opened.body).toContain('今週から夕食後の服薬の声かけ');
    expectNotStored(opened);
  });

  it('on refusals and errors too, whichever route answered', async () => {
    expectNotStored(await w.nurse.get(`/api/persons/${w.personId}/messages?limit=x`), 400);
    expectNotStored(await new Agent(w.t.app).get(`/api/persons/${w.personId}`), 401);
    expectNotStored(await w.lead.get('/api/no-such-route'), 404);
  });
});
