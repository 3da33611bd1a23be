import type { JobLock } from '~db/schema'

// When may a run take over a job's lock? (issue 14, finding 10)
//
// A run killed part-way (SIGKILL, out of memory, power) leaves its lock row behind. Waiting for the
// lock's TTL (30 minutes) blocks the next run for no reason, so a lock is also free once its holder
// is known to be dead:
// - on this host, by its process id: the pid means something only where the lock says it was taken
//   (the holder records os.hostname()); a pid that no process has is dead at once. A pid reused by
//   an unrelated process reads as alive, which only falls back to the heartbeat and TTL below.
// - anywhere, by its heartbeat: the running holder refreshes heartbeat_at every HEARTBEAT_MS; a
//   heartbeat older than HEARTBEAT_STALE_MS is a dead holder. A live process on this host is never
//   declared dead by its heartbeat: a synchronous job (compliance evaluates every lab in one
//   go) blocks the timer that writes it, and taking its lock then would run the job twice at once.
// Locks from before these columns existed (no host, no heartbeat) keep the TTL alone.
//
// Pure apart from the injected `isProcessAlive`; the caller decides inside the immediate
// transaction that also takes the lock, so two runs never both see it free.
export const HEARTBEAT_MS = 5_000
export const HEARTBEAT_STALE_MS = 6 * HEARTBEAT_MS

export type LockVerdict = { free: false } | { free: true; reason: 'none' | 'expired' | 'process-gone' | 'no-heartbeat' }

/** The process id a holder string ("<pid>:<random>") names, or null. */
export function holderPid(holder: string): number | null {
  const pid = Number(/^(\d+):/.exec(holder)?.[1])
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null
}

export function judgeLock({
  held,
  at,
  host,
  isProcessAlive,
}: {
  held: Pick<JobLock, 'holder' | 'expiresAt' | 'host' | 'heartbeatAt'> | undefined
  // the taker's clock, as an ISO string (text order is time order)
  at: string
  host: string
  isProcessAlive: (pid: number) => boolean
}): LockVerdict {
  if (!held) return { free: true, reason: 'none' }
  if (held.expiresAt <= at) return { free: true, reason: 'expired' }
  const pid = holderPid(held.holder)
  if (held.host === host && pid !== null) {
    return isProcessAlive(pid) ? { free: false } : { free: true, reason: 'process-gone' }
  }
  if (held.heartbeatAt && Date.parse(held.heartbeatAt) + HEARTBEAT_STALE_MS <= Date.parse(at)) {
    return { free: true, reason: 'no-heartbeat' }
  }
  return { free: false }
}

/** process.kill(pid, 0) sends nothing: it throws ESRCH when no such process exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, under another user
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
