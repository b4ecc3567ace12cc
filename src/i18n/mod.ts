/**
 * Translator for every server-generated text. Messages live in `locales/en.json` (the source of the key
 * type) and `locales/ja.json`; both are JSON imports, so the compiled binary embeds them.
 */
import en from "../../locales/en.json" with { type: "json" };
import ja from "../../locales/ja.json" with { type: "json" };

export type MessageKey = keyof typeof en;
export type Lang = "en" | "ja";
export const LANGS: readonly Lang[] = ["en", "ja"];
export type MessageParams = Record<string, string | number | boolean | undefined>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const catalogs: Record<Lang, Record<string, string>> = { en, ja };

/** The raw catalog of one language, for parity tests and generated docs. */
export function catalog(lang: Lang): Readonly<Record<string, string>> {
  return catalogs[lang];
}

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** `{name}` placeholders are replaced by params; a missing ja text falls back to en. */
export function createTranslator(lang: Lang): Translate {
  const primary = catalogs[lang];
  return (key, params) => {
    const template = primary[key] ?? en[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : String(value);
    });
  };
}

/** Language from VSPHERE_LANG, else LANG/LC_ALL starting with "ja", else English. */
export function detectLang(env: Readonly<Record<string, string | undefined>>): Lang {
  const explicit = env.VSPHERE_LANG?.trim().toLowerCase();
  if (explicit && isLang(explicit)) return explicit;
  const locale = env.LC_ALL ?? env.LANG ?? "";
  return locale.toLowerCase().startsWith("ja") ? "ja" : "en";
}
