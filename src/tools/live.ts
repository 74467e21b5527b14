/**
 * What "live" means in this codebase. A version is live when its state decides what visitors get:
 * ACTIVE (they get its variants) or PAUSED (they get the base entries until it is activated again), so
 * deleting what it uses or changing its status changes live traffic. The delete tools, the event key guard
 * and the version status guard use this.
 */
export const isLive = (status: unknown): boolean => status === 'ACTIVE' || status === 'PAUSED';

/**
 * ACTIVE only: visitors get its variants right now. The audience rule guard and the tags guard ask this
 * (a paused experience shows no variant, so new rules or tags reach nobody until it is activated), and so
 * do pause_experience, the analytics default version and the manifest names.
 */
export const isServing = (status: unknown): boolean => status === 'ACTIVE';
