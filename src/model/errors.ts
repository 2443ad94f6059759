/** An error in how gitsm was called: the CLI prints one line and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The environment failed gitsm (a missing directory, git, the network): one line, exit 2. */
export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}
