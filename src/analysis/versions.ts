/** PostgreSQL features by the major version that introduced them, for rules to gate on. */
export const FEATURES = {
  /** ADD COLUMN with a non-volatile DEFAULT no longer rewrites the table. */
  fastColumnDefault: 11,
  /** ALTER TYPE … ADD VALUE may run inside a transaction block. */
  addEnumValueInTransaction: 12,
  /** SET NOT NULL skips the table scan when a validated CHECK (c IS NOT NULL) exists. */
  notNullFromCheck: 12,
  /** REINDEX … CONCURRENTLY (release notes 12: "Add REINDEX CONCURRENTLY option"). */
  reindexConcurrently: 12,
  /**
   * ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent instead of ACCESS EXCLUSIVE
   * (release notes 12: "Allow ATTACH PARTITION to be performed with reduced locking requirements").
   */
  attachPartitionShareUpdateExclusive: 12,
  /** timestamp ↔ timestamptz skips the rewrite when the session TimeZone is UTC (release notes 12). */
  timestampUtcRelabel: 12,
  /** DETACH PARTITION … CONCURRENTLY (release notes 14: "Allow partitions to be detached in a non-blocking manner"). */
  detachPartitionConcurrently: 14,
  /** Foreign keys on partitioned tables can be added NOT VALID (release notes 18: "Allow NOT VALID foreign key constraints on partitioned tables"). */
  notValidForeignKeyOnPartitioned: 18,
  /** NOT NULL constraints can be added NOT VALID (release notes 18: "Allow NOT NULL constraints to be added as NOT VALID"). */
  notNullNotValid: 18,
  /** GENERATED ALWAYS AS (…) without STORED is VIRTUAL: nothing is written (release notes 18: "Allow generated columns to be virtual, and make them the default"). */
  virtualGeneratedColumns: 18,
} as const;

export function supports(postgresVersion: number, feature: keyof typeof FEATURES): boolean {
  return postgresVersion >= FEATURES[feature];
}
