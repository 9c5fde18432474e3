import { useEffect, useState } from 'react';
import { messageOf } from '../../lib/validation.ts';
import { readPushState, type PushState } from './push-device.ts';

/** This browser's push state, read once when shown (null while reading), and a way to change it. */
export function usePushState(options: { resave?: boolean } = {}) {
  const resave = options.resave ?? true;
  const [state, setState] = useState<PushState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    readPushState({ resave }).then(
      (s) => live && setState(s),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [resave]);
  return { state, setState, error, setError };
}

export type PushStateHandle = ReturnType<typeof usePushState>;
