// Vietnamese first, English on the switch; the choice is remembered in localStorage under the key the
// old shell used (vanban.lang), so it carries over. Strings live in typed tables, one per page or
// block (defineStrings): the English table must have exactly the Vietnamese keys, and a page can only
// ask for keys its table has.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Language = 'vi' | 'en';

export const LANGUAGE_KEY = 'vanban.lang';

export interface Strings<K extends string> {
  readonly vi: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<NoInfer<K>, string>>;
}

/** A table of strings, vi and en, with `{name}` placeholders. */
export function defineStrings<K extends string>(strings: Strings<K>): Strings<K> {
  return strings;
}

export type Params = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; a placeholder without its parameter stays visible (easy to spot). */
export function fill(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function savedLanguage(): Language {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

interface LanguageState {
  readonly lang: Language;
  readonly setLang: (lang: Language) => void;
}

const LanguageContext = createContext<LanguageState>({ lang: 'vi', setLang: () => {} });

export function LanguageProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [lang, setLangState] = useState<Language>(() => initial ?? savedLanguage());
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Language) => {
    setLangState(next);
    try {
      globalThis.localStorage?.setItem(LANGUAGE_KEY, next);
    } catch {
      /* not remembered, still switched */
    }
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

/** The current language and its setter. */
export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

export type Translate<K extends string> = (key: K, params?: Params) => string;

/** `const t = useStrings(UNITS_STRINGS); t('noResults')`: the key checked against the table. */
export function useStrings<K extends string>(strings: Strings<K>): Translate<K> {
  const { lang } = useLanguage();
  return useCallback((key: K, params?: Params) => fill(strings[lang][key], params), [strings, lang]);
}
