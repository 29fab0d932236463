/**
 * The one place severities are read: exactly "off"|0, "warn"|1, "error"|2, as the README lists
 * them and as ESLint accepts them; "warning" or "ERROR" are mistakes to point out, not guess at.
 */
import type { Severity } from '../engine/types.js';

const NAMES: Record<string, Severity> = { off: 0, warn: 1, error: 2 };

export function toSeverity(value: unknown): Severity | undefined {
  if (value === 0 || value === 1 || value === 2) return value;
  if (typeof value === 'string' && Object.hasOwn(NAMES, value)) return NAMES[value];
  return undefined;
}

