/**
 * English messages of the digest's token showback section (`render-tokens.ts`), spread
 * into the digest's English catalogue (`./en.ts`).
 */
export const TOKENS_EN = {
  'tokens.title': 'AI tokens (Amazon Bedrock)',
  'tokens.total': '{tokens} tokens ({input} in, {output} out), {cost}; {perMillion} per 1M tokens',
  'tokens.wow': 'Last week: {cost}{change}',
  'tokens.share': 'Share of AI spend: {share}',
  'tokens.share.unknown': 'not known (no AI spend figure in this digest)',
  'tokens.none': 'No Bedrock token usage this week.',
  'tokens.unallocated': 'Unallocated (untagged profiles, direct model calls): {cost}',
  'tokens.unpriced': 'Dollars unknown for {count} model(s) (tokens counted, never priced as another model):',
  'tokens.unavailable': 'Not read in {region}: {why}',
  'tokens.how':
    'Tokens: the AWS/Bedrock InputTokenCount and OutputTokenCount sums by ModelId. Dollars: input tokens / 1,000 x the input price + output tokens / 1,000 x the output price of the model, in its region. Team: the team tag of the application inference profile.',
  'tokens.col.team': 'TEAM',
  'tokens.col.model': 'MODEL',
  'tokens.col.region': 'REGION',
  'tokens.col.input': 'INPUT',
  'tokens.col.output': 'OUTPUT',
  'tokens.col.cost': 'COST',
  'tokens.col.lastWeek': 'LAST WEEK',
  'tokens.col.perMillion': '$/1M',
  'tokens.html.col.team': 'Team',
  'tokens.html.col.model': 'Model',
  'tokens.html.col.region': 'Region',
  'tokens.html.col.input': 'Input tokens',
  'tokens.html.col.output': 'Output tokens',
  'tokens.html.col.cost': 'Cost',
  'tokens.html.col.lastWeek': 'Last week',
  'tokens.html.col.perMillion': 'USD per 1M tokens',
  'tokens.html.prices': 'Prices used',
} as const;
