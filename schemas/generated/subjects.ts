// Generated from schemas/catalog.json by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.

import type * as chat from './chat';
import type * as eventline from './eventline';
import type * as inventory from './inventory';
import type * as orders from './orders';

/** The TypeScript type of each subject (record full name), following its latest version. */
export interface SubjectTypes {
  'eventline.CommandOutcome': eventline.CommandOutcome;
  'eventline.HandlerPosition': eventline.HandlerPosition;
  'eventline.chat.AddMember': chat.AddMember;
  'eventline.chat.ChatRoomSnapshot': chat.ChatRoomSnapshot;
  'eventline.chat.CreateRoom': chat.CreateRoom;
  'eventline.chat.EditMessage': chat.EditMessage;
  'eventline.chat.MemberAdded': chat.MemberAdded;
  'eventline.chat.MessageEdited': chat.MessageEdited;
  'eventline.chat.MessagePosted': chat.MessagePosted;
  'eventline.chat.PostMessage': chat.PostMessage;
  'eventline.chat.RoomCreated': chat.RoomCreated;
  'eventline.inventory.InventorySnapshot': inventory.InventorySnapshot;
  'eventline.inventory.ReceiveStock': inventory.ReceiveStock;
  'eventline.inventory.ReleaseStock': inventory.ReleaseStock;
  'eventline.inventory.ReserveStock': inventory.ReserveStock;
  'eventline.inventory.StockLevels': inventory.StockLevels;
  'eventline.inventory.StockReceived': inventory.StockReceived;
  'eventline.inventory.StockReleased': inventory.StockReleased;
  'eventline.inventory.StockReservationRefused': inventory.StockReservationRefused;
  'eventline.inventory.StockReserved': inventory.StockReserved;
  'eventline.orders.CancelOrder': orders.CancelOrder;
  'eventline.orders.OrderCancelled': orders.OrderCancelled;
  'eventline.orders.OrderPaid': orders.OrderPaid;
  'eventline.orders.OrderPlaced': orders.OrderPlaced;
  'eventline.orders.OrderShipped': orders.OrderShipped;
  'eventline.orders.OrderSnapshot': orders.OrderSnapshot;
  'eventline.orders.PayOrder': orders.PayOrder;
  'eventline.orders.PlaceOrder': orders.PlaceOrder;
  'eventline.orders.ShipOrder': orders.ShipOrder;
  'eventline.orders.StoreStats': orders.StoreStats;
}

export type Subject = keyof SubjectTypes;
