// An id the caller sent to point at another object (a relationship manager, an assignee, an account).
// A malformed id names no object, just as an unknown one does; the service answers both with its own
// userError, so the resolver hands it a key that matches no row.
import { keyOrNull } from './relay';

/** The nil uuid: never the id of a row (rows get random ids). */
const NO_ROW = '00000000-0000-0000-0000-000000000000';

export function referenceKey(id: string, type: string): string {
  return keyOrNull(id, type) ?? NO_ROW;
}
