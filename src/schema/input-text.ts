/** How a limit reads in a description: `50,000`. */
export function toLimitText(limit: number): string {
  return limit.toLocaleString('en-US');
}
