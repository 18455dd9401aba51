/**
 * What the token-spend rule reads about one spender: a team (its tagged application
 * inference profiles), an untagged profile, or a model invoked directly.
 */

/** The hourly tokens of one `ModelId` (a profile or a model) of the spender. */
export interface SpenderMember {
  /** The `ModelId` dimension value. */
  readonly usageId: string;
  /** The model whose token price applies; `null` when it cannot be told (`unpricedWhy`). */
  readonly pricedModelId: string | null;
  readonly unpricedWhy?: string;
  /** Input tokens per hour, from `hourStart`, one entry per hour (the last one may be partial). */
  readonly inputTokens: readonly number[];
  readonly outputTokens: readonly number[];
}

/** One spender's hourly token usage in one region. */
export interface TokenSpendFacts {
  readonly kind: 'team' | 'profile' | 'model';
  /** The team, the profile's name, or the model id. */
  readonly label: string;
  /** Application profiles behind a team or profile spender (names). */
  readonly profiles: readonly string[];
  /** ISO-8601 start of the first hour of the members' series. */
  readonly hourStart: string;
  readonly members: readonly SpenderMember[];
}
