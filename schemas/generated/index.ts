// Generated from schemas/catalog.json by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.

export * as chat from './chat';
export * as eventline from './eventline';
export * as inventory from './inventory';
export * as orders from './orders';
export type { Subject, SubjectTypes } from './subjects';
