// Vitest setup of the web app's component tests (jsdom): unmount after each test, forget the language
// choice, and restore any stubbed fetch.
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.unstubAllGlobals();
  globalThis.location.hash = '';
});
