// Error answers shaped exactly like the real API's, so the SDK picks the same error class
// (it maps on HTTP status) and callers can read the same fields (type, message, request_id).
import type { FaultKind } from './types';

export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export const STATUS_OF: Record<ApiErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

export interface ApiErrorSpec {
  type: ApiErrorType;
  message: string;
}

export function errorBody(spec: ApiErrorSpec, requestId: string): string {
  return JSON.stringify({ type: 'error', error: { type: spec.type, message: spec.message }, request_id: requestId });
}

/** What the error-status faults answer with (the wording the real API uses). */
export const FAULT_ERRORS: Partial<Record<FaultKind, ApiErrorSpec>> = {
  rate_limit: {
    type: 'rate_limit_error',
    message:
      'This request would exceed the rate limit for your organization of 50 requests per minute. ' +
      'For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers ' +
      'for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.',
  },
  overloaded: { type: 'overloaded_error', message: 'Overloaded' },
  server_error: { type: 'api_error', message: 'Internal server error' },
  // Sent with HTTP 503 (not STATUS_OF's 500 for api_error): see answer.ts.
  unavailable: { type: 'api_error', message: 'Service Unavailable' },
  bad_request: { type: 'invalid_request_error', message: 'messages: text content blocks must be non-empty' },
  auth: { type: 'authentication_error', message: 'invalid x-api-key' },
  permission: {
    type: 'permission_error',
    message: 'Your API key does not have permission to use the specified resource.',
  },
  spend_limit: {
    type: 'invalid_request_error',
    message:
      'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
  },
};

/** The payload of the SSE `error` event a stream can end with after a 200. */
export const OVERLOADED_SSE_ERROR = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
