export { messageKey, messagesProjection, type MessageRow } from './projection';
