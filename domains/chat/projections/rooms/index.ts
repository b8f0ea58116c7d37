export { roomsProjection, type RoomRow } from './projection';
