// How a value's property is named in errors, as the user wrote it in either front door.

/** Names a property as the user wrote it: `key.alias` in the one-of-each props, `alias` in `addKey`. */
export type PropPath = (name: string) => string;

export function propPath(prefix: string): PropPath {
  return (name) => (prefix ? `${prefix}.${name}` : name);
}

/** A value and the property path it came from, for values the two front doors spell differently. */
export interface FromProp<T> {
  readonly prop: string;
  readonly value: T;
}
