// The course's language (a free-text setting, "English" by default) as the BCP 47 tag that
// LOM metadata and an HTML `lang` attribute expect; null when it cannot be told.
const TAGS: Record<string, string> = {
  arabic: 'ar', bengali: 'bn', bulgarian: 'bg', catalan: 'ca', chinese: 'zh', croatian: 'hr', czech: 'cs', danish: 'da',
  dutch: 'nl', english: 'en', estonian: 'et', finnish: 'fi', french: 'fr', german: 'de', greek: 'el', hebrew: 'he',
  hindi: 'hi', hungarian: 'hu', indonesian: 'id', italian: 'it', japanese: 'ja', korean: 'ko', latvian: 'lv',
  lithuanian: 'lt', malay: 'ms', norwegian: 'no', persian: 'fa', polish: 'pl', portuguese: 'pt', romanian: 'ro',
  russian: 'ru', serbian: 'sr', slovak: 'sk', slovenian: 'sl', spanish: 'es', swahili: 'sw', swedish: 'sv', tamil: 'ta',
  thai: 'th', turkish: 'tr', ukrainian: 'uk', urdu: 'ur', vietnamese: 'vi',
  // names in their own script, as a person may type them
  русский: 'ru', українська: 'uk', 日本語: 'ja', 中文: 'zh', 한국어: 'ko', español: 'es', français: 'fr', deutsch: 'de',
  português: 'pt', italiano: 'it', हिन्दी: 'hi', العربية: 'ar',
};

const TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

export function languageTag(language: string): string | null {
  const value = language.trim();
  if (TAG.test(value)) return value;
  return TAGS[value.toLowerCase()] ?? null;
}
