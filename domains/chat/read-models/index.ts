export { messagesReadModel } from './messages';
export { roomMembersReadModel } from './room-members';
export { roomsReadModel } from './rooms';
export { roomFacts } from './access-facts';
