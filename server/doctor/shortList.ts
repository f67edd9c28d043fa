/** `a, b, c and 4 more`: a list of names short enough for one line. */
export function shortList(names: string[], max = 8): string {
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}
