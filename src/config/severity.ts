/** The one place severity spellings are normalised: "off"|0, "warn"|1, "error"|2. */
import type { Severity } from '../engine/types.js';

const NAMES: Record<string, Severity> = { off: 0, warn: 1, warning: 1, error: 2 };

export function toSeverity(value: unknown): Severity | undefined {
  if (value === 0 || value === 1 || value === 2) return value;
  if (typeof value === 'string') return NAMES[value.trim().toLowerCase()];
  return undefined;
}

