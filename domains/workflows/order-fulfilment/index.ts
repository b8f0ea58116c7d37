/** The order-fulfilment workflow: orders ↔ inventory (react.ts, README.md). */
import { defineWorkflow, type WorkflowModule } from '../../workflow';
import { initialFulfilmentState, react, type FulfilmentEvent, type FulfilmentState } from './react';

export { OUT_OF_STOCK, react as reactToFulfilmentEvent, type FulfilmentEvent, type FulfilmentState } from './react';

export const orderFulfilmentWorkflow: WorkflowModule<FulfilmentState, FulfilmentEvent> = defineWorkflow<FulfilmentState, FulfilmentEvent>({
  name: 'order-fulfilment',
  sources: ['orders', 'inventory'],
  initialState: initialFulfilmentState,
  react,
});
