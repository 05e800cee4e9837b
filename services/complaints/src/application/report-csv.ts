/** Quotes a field when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 lines (CRLF), header first. */
export function toCsv(header: readonly string[], rows: readonly unknown[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Minor units as yuan with two decimals (2000 → 20.00). */
export const yuan = (amountMinor: number) => (amountMinor / 100).toFixed(2);
