// Errors that say what kind of refusal they are, so the IPC layer can tell a person
// "that is not allowed right now" (conflict) from "that does not exist" (not found)
// without reading messages.

/** A state rule refused the action (approve a course that is still generating…). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
