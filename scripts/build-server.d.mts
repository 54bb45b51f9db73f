/** Builds `<root>/dist` from `<root>/src` unless its sources are unchanged; true when it built. */
export function buildServer(options?: { root?: string; force?: boolean }): Promise<boolean>;
