// Values shared between requests (resolved policy profiles, kept answers) are frozen: nothing may edit them.

/** Freezes a value and everything it holds (a Map's values too): kept answers are shared between requests. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const v of value.values()) deepFreeze(v);
    else for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
