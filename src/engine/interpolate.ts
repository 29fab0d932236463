/** Fills `{{name}}` placeholders in a rule message; the one place messages are built. */
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function interpolate(
  ruleId: string,
  messageId: string,
  template: string | undefined,
  data: Record<string, string | number> | undefined,
): string {
  if (template === undefined) {
    throw new TypeError(`rule "${ruleId}" reported unknown messageId "${messageId}"`);
  }
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = data?.[name];
    if (value === undefined) {
      throw new TypeError(`rule "${ruleId}" left placeholder {{${name}}} of message "${messageId}" unfilled`);
    }
    return String(value);
  });
}
