/** Rate limits of the gateway: token buckets per socket (frames, bytes) and per user (HTTP). */
export { TokenBucket } from './token-bucket';
export { UserBuckets } from './user-buckets';
