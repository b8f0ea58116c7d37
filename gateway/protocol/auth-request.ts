/**
 * `{"op":"auth","id","token"}`: a new token for a live socket, before the one it holds expires.
 * Only its shape is checked here; the socket verifies it and keeps the same user.
 */
import { BadRequestError } from '../../platform/errors';
import type { ClientFrame } from './client-frames';
import { rejectUnknownFields } from './frame-fields';

export interface AuthRequest {
  readonly id: string;
  readonly token: string;
}

const AUTH_FIELDS: ReadonlySet<string> = new Set(['op', 'id', 'token']);
/** Far above any real JWT; the frame itself is bounded by WS_MAX_FRAME_BYTES. */
const MAX_TOKEN_CHARS = 16 * 1024;

export function authFromFrame(frame: ClientFrame): AuthRequest {
  rejectUnknownFields(frame.fields, AUTH_FIELDS, 'an auth frame');
  const { token } = frame.fields;
  if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_CHARS) throw new BadRequestError(`"token" must be a JWT of at most ${MAX_TOKEN_CHARS} characters`);
  return { id: frame.id, token };
}
