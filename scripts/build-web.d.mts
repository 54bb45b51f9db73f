/** Builds the browser bundles under `root` unless their inputs are unchanged; true when it built. */
export function buildWeb(options?: { root?: string; force?: boolean }): Promise<boolean>;
