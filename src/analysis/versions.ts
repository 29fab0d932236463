/** PostgreSQL features by the major version that introduced them, for rules to gate on. */
export const FEATURES = {
  /** ADD COLUMN with a non-volatile DEFAULT no longer rewrites the table. */
  fastColumnDefault: 11,
  /** ALTER TYPE … ADD VALUE may run inside a transaction block. */
  addEnumValueInTransaction: 12,
  /** SET NOT NULL skips the table scan when a validated CHECK (c IS NOT NULL) exists. */
  notNullFromCheck: 12,
  /** REINDEX … CONCURRENTLY exists. */
  reindexConcurrently: 12,
  /** ALTER TABLE … DETACH PARTITION … CONCURRENTLY exists. */
  detachPartitionConcurrently: 14,
} as const;

export function supports(postgresVersion: number, feature: keyof typeof FEATURES): boolean {
  return postgresVersion >= FEATURES[feature];
}
