/** Numbers and times as the page shows them, in the browser's locale. */
const COUNT = new Intl.NumberFormat();
const AMOUNT = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** Cents of one currency as an amount with two decimals and its ISO code, e.g. `21.00 EUR`. */
export function formatMoney(cents: number, currency: string): string {
  return `${AMOUNT.format(cents / 100)} ${currency}`;
}

export function formatClock(iso: string): string {
  return CLOCK.format(new Date(iso));
}
