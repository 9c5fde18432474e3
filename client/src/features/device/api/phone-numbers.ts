import type { ChainPhoneNumbers } from '@tsunagu/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api } from '../../../lib/api-client.ts';

/**
 * What a device keeps for when it is offline: the escalation chain's phone numbers for the
 * signed-in organisation's areas (offices' numbers and the last number to call) and when they
 * were saved — organisations' phones, public and nobody's personal data. They stay through
 * sign-out, since a phone offline at night needs them most. Nothing else the API answers is ever
 * stored on the device (drafts live in memory, the service worker keeps only the app's own files).
 */
export interface KeptPhoneNumbers {
  savedAt: string;
  chains: ChainPhoneNumbers['chains'];
}

const STORAGE_KEY = 'tsunagu.offline-phone-numbers';
const listeners = new Set<() => void>();

const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Only what has the expected shape is read back (storage is the browser's, not ours). */
function parse(raw: string | null): KeptPhoneNumbers | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<KeptPhoneNumbers>;
    const chains = Array.isArray(value.chains) ? value.chains : null;
    const ok =
      isText(value.savedAt) &&
      chains !== null &&
      chains.every(
        (r) =>
          isTextOrNull(r.regionId) &&
          isTextOrNull(r.regionName) &&
          Array.isArray(r.numbers) &&
          r.numbers.every((n) => isText(n.label) && isText(n.phone) && isTextOrNull(n.organisationName)),
      );
    return ok ? { savedAt: value.savedAt!, chains } : null;
  } catch {
    return null;
  }
}

let cachedRaw: string | null | undefined;
let cached: KeptPhoneNumbers | null = null;
function read(): KeptPhoneNumbers | null {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage refused (a private window): nothing kept, nothing shown.
  }
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cached = parse(raw);
  }
  return cached;
}

function keep(numbers: ChainPhoneNumbers): void {
  try {
    const kept: KeptPhoneNumbers = { savedAt: new Date().toISOString(), chains: numbers.chains };
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    return;
  }
  for (const listener of listeners) listener();
}

/** The numbers kept on this device (re-renders when they are saved again). */
export function useKeptPhoneNumbers(): KeptPhoneNumbers | null {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      window.addEventListener('storage', onChange);
      return () => {
        listeners.delete(onChange);
        window.removeEventListener('storage', onChange);
      };
    },
    read,
    () => null,
  );
}

const phoneNumbersQueryOptions = queryOptions({
  queryKey: ['device', 'phone-numbers'],
  queryFn: async ({ signal }) => {
    const numbers = await api.get<ChainPhoneNumbers>(
      '/api/escalation-chain/phone-numbers',
      undefined,
      signal,
    );
    keep(numbers);
    return numbers;
  },
  // The chain changes rarely; an hour old is fresh enough for a phone put away for the night.
  staleTime: 60 * 60_000,
});

/** While signed in: fetches the chain's numbers and keeps them on this device. */
export function useKeepPhoneNumbersOnDevice(): void {
  useQuery(phoneNumbersQueryOptions);
}
