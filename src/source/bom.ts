/** The text without a leading UTF-8 byte order mark, as editors and PostgreSQL's tools read it. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
