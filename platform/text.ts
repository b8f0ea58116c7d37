/**
 * Input a stranger chose (a field name, a stream name, a key) is repeated in error messages
 * only clipped, so that an error reply stays small whatever the input.
 */

/** `text` when at most `max` characters, else its first `max` characters and an ellipsis. */
export function clip(text: string, max = 64): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** `"text"`, clipped: how a message quotes a value the client sent. */
export function quoted(text: string, max = 64): string {
  return JSON.stringify(clip(text, max));
}

/** `name` with its first letter upper-case: the type and class names derived from domain and model names. */
export function capitalized(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}
