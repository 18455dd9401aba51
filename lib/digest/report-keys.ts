/** Where the weekly reports live in the digest bucket (shared by the Lambda and its CDK grant). */

/** Prefix of every digest object in the bucket (the Lambda may write only under it). */
export const DIGEST_PREFIX = 'digests/';

/** The S3 keys of one week's report: `digests/2026-W47/digest.html`, `.csv`, `.json`. */
export function digestKeys(week: string): { readonly html: string; readonly csv: string; readonly json: string } {
  const base = `${DIGEST_PREFIX}${week}/digest`;
  return { html: `${base}.html`, csv: `${base}.csv`, json: `${base}.json` };
}
