/** Numbers and times as the page shows them, in the browser's locale. */
const COUNT = new Intl.NumberFormat();
const AMOUNT = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** Cents as an amount with two decimals. No currency sign: a store's revenue may sum several currencies. */
export function formatCents(cents: number): string {
  return AMOUNT.format(cents / 100);
}

export function formatClock(iso: string): string {
  return CLOCK.format(new Date(iso));
}
