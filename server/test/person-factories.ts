import { expect } from 'vitest';
import type { InformationCategory, Item, ItemKind, ItemSource, ItemTopic, TeamRole } from '@tsunagu/contract';
import type { Agent } from './agent.ts';

/** Person fixtures made through the real API, as a team would make them. */

export async function registerPerson(
  agent: Agent,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const response = await agent.post('/api/persons', {
    name: '架空 花子',
    kana: 'かくう はなこ',
    birthDate: '1980-04-01',
    phone: '090-0000-0000',
    usesWelfareServices: true,
    teamRole: 'planning_consultation',
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export async function addToTeam(
  agent: Agent,
  personId: string,
  organisationId: string,
  role: TeamRole = 'service_provider',
  extra: Record<string, unknown> = {},
) {
  const response = await agent.post(`/api/persons/${personId}/team`, { organisationId, role, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().team as { id: string; organisationId: string }[];
}

export async function grantConsent(
  agent: Agent,
  personId: string,
  organisationId: string,
  categories: InformationCategory[],
  extra: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const response = await agent.post(`/api/persons/${personId}/grants`, {
    organisationId,
    categories,
    basis: 'consent',
    method: 'written',
    obtainedOn: '2026-11-20',
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export async function recordItem(
  agent: Agent,
  personId: string,
  item: Partial<{
    category: InformationCategory;
    topic: ItemTopic | null;
    content: string;
    source: ItemSource;
    kind: ItemKind;
    observedOn: string;
  }> = {},
): Promise<Item> {
  const response = await agent.post(`/api/persons/${personId}/items`, {
    category: 'daily_living',
    content: '毎朝、近所の公園を散歩している。',
    source: 'supporter_observation',
    kind: 'objective',
    observedOn: '2026-11-24',
    ...item,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
