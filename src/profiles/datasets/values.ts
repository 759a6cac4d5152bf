// Typed values of dataset columns, from JSON (API) or text (CSV files).
import type { ColumnType } from './model.ts';

export type CellResult = { value: string | null } | { error: string };

const INTEGER = /^-?\d{1,19}$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TRUE = new Set(['true', 't', '1', 'y', 'yes']);
const FALSE = new Set(['false', 'f', '0', 'n', 'no']);

/**
 * The PostgreSQL text form of a cell, or why it does not fit its column. Values travel as text
 * and are cast by PostgreSQL, so decimals keep their exact digits.
 */
export function coerceCell(type: ColumnType, raw: unknown, nullable: boolean): CellResult {
  if (raw === null || raw === undefined || raw === '')
    return nullable ? { value: null } : { error: 'is required' };
  switch (type) {
    case 'string':
      return typeof raw === 'string'
        ? { value: raw }
        : typeof raw === 'number' || typeof raw === 'boolean'
          ? { value: String(raw) }
          : { error: 'is not text' };
    case 'integer': {
      const text =
        typeof raw === 'number' && Number.isInteger(raw)
          ? String(raw)
          : typeof raw === 'string'
            ? raw.trim()
            : '';
      if (!INTEGER.test(text)) return { error: 'is not an integer' };
      const big = BigInt(text);
      return big > 9223372036854775807n || big < -9223372036854775808n
        ? { error: 'is out of the integer range' }
        : { value: text };
    }
    case 'decimal': {
      const text =
        typeof raw === 'number' && Number.isFinite(raw)
          ? String(raw)
          : typeof raw === 'string'
            ? raw.trim()
            : '';
      return DECIMAL.test(text) ? { value: text } : { error: 'is not a number' };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: String(raw) };
      const text =
        typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().toLowerCase() : '';
      return TRUE.has(text)
        ? { value: 'true' }
        : FALSE.has(text)
          ? { value: 'false' }
          : { error: 'is not true or false' };
    }
    case 'date': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      const match = DATE.exec(text);
      if (!match) return { error: 'is not a date (YYYY-MM-DD)' };
      const date = new Date(`${text}T00:00:00Z`);
      return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text
        ? { error: 'is not a calendar date' }
        : { value: text };
    }
    case 'timestamp': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return { error: 'is not an ISO-8601 time' };
      // Without a zone, a time is read as UTC.
      const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) || text.length === 10 ? text : `${text}Z`;
      const time = new Date(zoned);
      return Number.isNaN(time.getTime())
        ? { error: 'is not an ISO-8601 time' }
        : { value: time.toISOString() };
    }
  }
}
