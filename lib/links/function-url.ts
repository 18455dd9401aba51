/**
 * The Lambda function URL's request and response (payload format 2.0) as the
 * endpoint's {@link LinkRequest} and {@link LinkResponse}. A form body is read only
 * when it says it is one, and only up to {@link MAX_FORM_BYTES}.
 */
import type { LinkRequest, LinkResponse } from './handle-request.js';

/** The fields of a function URL event (payload format 2.0) the endpoint reads. */
export interface FunctionUrlEvent {
  readonly rawPath?: string;
  readonly rawQueryString?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: { readonly requestId?: string; readonly http: { readonly method: string } };
}

/** A function URL result. */
export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The largest form body read (a reason is at most 500 characters). */
export const MAX_FORM_BYTES = 16 * 1024;

/** A form body (`application/x-www-form-urlencoded`), or `null` for any other body. */
export function formOf(contentType: string | undefined, body: string | undefined): URLSearchParams | null {
  if (body === undefined || !/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) return null;
  if (Buffer.byteLength(body) > MAX_FORM_BYTES) return null;
  return new URLSearchParams(body);
}

/** The request of a function URL event. */
export function linkRequestOf(event: FunctionUrlEvent): LinkRequest {
  const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const contentType = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath === undefined || event.rawPath === '' ? '/' : event.rawPath,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    form: formOf(contentType, body),
    ...(event.requestContext.requestId ? { requestId: event.requestContext.requestId } : {}),
  };
}

/** The function URL result of a response. */
export function functionUrlResult(response: LinkResponse): FunctionUrlResult {
  return { statusCode: response.status, headers: { ...response.headers }, body: response.body };
}
