import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { preloadValidator } from '../lib/validation.ts';
import { AppProvider } from './provider.tsx';
import { createRouter } from './router.tsx';

/** The whole client: providers around the router. */
export function App() {
  const [router] = useState(createRouter);
  useEffect(() => {
    // Forms validate with the contract's schemas; fetch the validator once the first screen is up.
    const timer = window.setTimeout(() => void preloadValidator().catch(() => {}), 1000);
    return () => window.clearTimeout(timer);
  }, []);
  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
