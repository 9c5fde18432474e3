/** Full-width digits (what a Japanese IME often types) → ASCII; spaces removed. */
export function normaliseDigits(value: string): string {
  return value
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '');
}

/** An empty text field means "not given": null for the API's clearable fields. */
export function emptyToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** "ABCDEFGH…" → "ABCD EFGH …", easier to type into an authenticator app. */
export function groupsOfFour(value: string): string {
  return value.match(/.{1,4}/g)?.join(' ') ?? value;
}
