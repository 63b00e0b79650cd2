/**
 * How a limit reads in a description: `50,000`. Written out rather than with toLocaleString: the
 * schema's descriptions are built at every start, and the first Intl call loads ICU's data, tens
 * of milliseconds of the gateway's start-up.
 */
export function toLimitText(limit: number): string {
  return String(limit).replace(/\B(?=(\d{3})+$)/g, ',');
}
