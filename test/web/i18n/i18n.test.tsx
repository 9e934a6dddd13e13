import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  defineStrings,
  fill,
  LanguageProvider,
  savedLanguage,
  useLanguage,
  useStrings,
} from '../../../web/src/i18n/i18n';

const STRINGS = defineStrings({
  vi: { greeting: 'Xin chào, {name}', count: '{count} văn bản' },
  en: { greeting: 'Welcome, {name}', count: '{count} documents' },
});

function Greeting() {
  const t = useStrings(STRINGS);
  const { setLang } = useLanguage();
  return (
    <>
      <p>{t('greeting', { name: 'Hương' })}</p>
      <button type="button" onClick={() => setLang('en')}>
        en
      </button>
    </>
  );
}

describe('i18n', () => {
  it('fills placeholders and leaves a missing one visible', () => {
    expect(fill('{count} văn bản', { count: '33.557' })).toBe('33.557 văn bản');
    expect(fill('Xin chào, {name}')).toBe('Xin chào, {name}');
  });

  it('starts in Vietnamese, switches to English, and remembers the choice for the next visit', () => {
    expect(savedLanguage()).toBe('vi');
    render(
      <LanguageProvider>
        <Greeting />
      </LanguageProvider>,
    );
    expect(screen.getByText('Xin chào, Hương')).toBeTruthy();
    act(() => screen.getByRole('button', { name: 'en' }).click());
    expect(screen.getByText('Welcome, Hương')).toBeTruthy();
    expect(savedLanguage()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
