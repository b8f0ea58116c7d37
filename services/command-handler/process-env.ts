/**
 * The environment a command handler process starts with, beside Eventline's variables: what
 * every launcher adds (`npm start`, the benchmarks and the fault suite, docker-compose.yml).
 *
 * glibc's malloc with two arenas and fixed 128 KiB mmap and trim thresholds. By default each
 * thread that allocates (the event loop, the libuv pool running LevelDB reads and writes,
 * LevelDB's compaction thread) gets an arena of its own, and the mmap threshold rises to the
 * largest buffer freed so far (a fetch response, a produce request, a LevelDB write batch: a
 * few MB), after which such buffers come from an arena that keeps the memory once they are
 * freed. At 1,000,000 orders decided at random this was ~60 MB of the handler's peak resident
 * memory (docs/command-handling.md, "Memory"). An operator's own GLIBC_TUNABLES is kept.
 */
export const HANDLER_GLIBC_TUNABLES = 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072';

/**
 * V8's heap sizes. The old generation's limit is not a bound the handler comes near (it keeps
 * ~40–60 MB alive): V8 lets the old generation grow to a multiple of what survived the last
 * full collection before it collects again, and that multiple is at most 4 when the limit is
 * 2 GiB or more (the default on a machine with more than ~15 GiB of RAM), less the lower the
 * limit. At 1,536 MiB it is under 2: the heap at 1,000,000 orders decided at random peaked at
 * ~100 MB instead of ~175 MB. More frequent full collections cost CPU, which a young generation
 * twice the default (two 32 MiB semi-spaces) wins back: a batch in hand, garbage after its
 * commit, then dies young more often instead of being promoted (docs/command-handling.md,
 * "Memory"). An operator's own heap sizes (either option in NODE_OPTIONS) are kept as they are.
 */
export const HANDLER_NODE_OPTIONS = '--max-old-space-size=1536 --max-semi-space-size=32';

export function handlerProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const nodeOptions = env.NODE_OPTIONS ?? '';
  return {
    ...env,
    GLIBC_TUNABLES: env.GLIBC_TUNABLES ?? HANDLER_GLIBC_TUNABLES,
    NODE_OPTIONS: /--max-(old|semi)-space-size/.test(nodeOptions) ? nodeOptions : `${nodeOptions} ${HANDLER_NODE_OPTIONS}`.trim(),
  };
}

/** A launcher's environment for `service`'s process: the command handler's gets the above, the others `env` as it is. */
export function serviceProcessEnv(service: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return service === 'command-handler' ? handlerProcessEnv(env) : env;
}
