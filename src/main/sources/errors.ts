// The one error a material can fail with: a code the wizard and the CLI can act on, and a
// sentence a person can read. It crosses the worker boundary as {code, message}.
import type { MaterialErrorCode, MaterialFailure } from '../../shared/materials';

export type { MaterialFailure };

export class MaterialError extends Error {
  override readonly name = 'MaterialError';

  constructor(
    readonly code: MaterialErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const toFailure = (error: MaterialError): MaterialFailure => ({ code: error.code, message: error.message });

export { megabytes } from '../../shared/materials';
