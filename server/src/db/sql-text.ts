/** Escapes LIKE wildcards so a search for "50%" finds "50%", and wraps it for a partial match. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
