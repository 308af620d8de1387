// Contract failures whose fix belongs to another part of the service and is under way. Each entry is
// narrow (one kind of request, one kind of failure) and names what would make it go away; delete an
// entry once its fix has landed, and the contract test holds the service to the document again.

import type { Draft } from './requests.js';

export interface KnownDefect {
  id: string;
  /** Who fixes it, and what the fix is. */
  fix: string;
  matches(draft: Draft, status: number, problem: string): boolean;
}

export const KNOWN_DEFECTS: KnownDefect[] = [];
