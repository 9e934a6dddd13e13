// Vitest setup of the web app's component tests (jsdom): unmount after each test, forget the language
// choice, and restore any stubbed fetch. A test file may run without a DOM (`@vitest-environment node`,
// e.g. charts rendered on the server): then there is nothing to unmount or forget.
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  if (typeof document === 'undefined') return;
  cleanup();
  localStorage.clear();
  globalThis.location.hash = '';
});
