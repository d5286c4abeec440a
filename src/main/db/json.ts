// JSON columns are written only by this code, but a damaged or hand-edited file can hold
// anything: parse defensively and say which column broke.
export function parseJson<T>(text: string | null, column: string): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`Stored ${column} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

export const toJson = (value: unknown): string => JSON.stringify(value);
