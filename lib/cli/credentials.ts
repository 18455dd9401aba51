/** Error names that mean the credentials are missing or rejected. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationToken',
]);

/** `true` when an AWS error name means missing or rejected credentials. */
export function isCredentialError(name: string): boolean {
  return CREDENTIAL_ERRORS.has(name);
}

/** What to do when credentials are missing, for both real AWS and the local emulator. */
export const CREDENTIALS_HINT =
  'Configure AWS credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). For the local emulator: ' +
  'export AWS_ENDPOINT_URL=http://127.0.0.1:PORT AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1, ' +
  'then eval "$(finops-ai init-local)".';
