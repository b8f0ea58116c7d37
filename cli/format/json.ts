/**
 * JSON for humans' tools (jq): Dates as ISO 8601 strings (Date.toJSON), bigints as decimal
 * strings (offsets are int64), Buffers as base64 rather than `{"type":"Buffer","data":[…]}`.
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    function replace(this: Record<string, unknown>, key: string, converted: unknown): unknown {
      // toJSON has already run on `converted`; the original tells a Buffer apart.
      const original = this[key];
      if (Buffer.isBuffer(original)) return original.toString('base64');
      if (typeof converted === 'bigint') return converted.toString();
      return converted;
    },
    indent,
  );
}

/** One JSON value per line (JSON Lines). */
export function jsonLine(value: unknown): string {
  return `${toJson(value)}\n`;
}

/** One JSON document, indented, for summaries. */
export function jsonDocument(value: unknown): string {
  return `${toJson(value, 2)}\n`;
}
