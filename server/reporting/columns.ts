/** Each column's width: its widest cell. */
export function columnWidths(rows: readonly string[][]): number[] {
  return (rows[0] ?? []).map((_, column) => Math.max(...rows.map((r) => r[column].length)));
}

/**
 * A row as text, cells two spaces apart and padded to `widths`: cells before `rightFrom`
 * aligned left (names), from `rightFrom` on aligned right (numbers).
 */
export function alignedRow(row: readonly string[], widths: readonly number[], rightFrom = 1): string {
  return row.map((cell, column) => (column < rightFrom ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
}
