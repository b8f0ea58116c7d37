/** The stores and the chat room `npm run demo` (infra/demo.ts) writes to, and so what the page follows by default. */
export const DEMO_STORES: readonly string[] = ['store-1', 'store-2', 'store-3', 'store-4', 'store-5'];
export const DEMO_ROOM = 'lobby';
