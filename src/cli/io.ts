/** How a write is meant: `annotations` is the validate github format, whose `::` lines are gitsm's own. */
export interface WriteOptions {
  annotations?: boolean;
}

/** What a command needs from the process: streams, the working directory, the environment. Tests pass their own. */
export interface CliIo {
  stdout: (text: string, options?: WriteOptions) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

// GitHub's runner reads every line a step prints (stdout and stderr) for workflow commands: a line
// that starts with `::` after its leading white space (v2), and `##[name]` anywhere in a line (the
// legacy form). Its comparisons are linguistic, so zero-width and other ignorable characters between
// the marks do not break them: they are skipped here too.
const IGNORABLE = "[\\s\\u0085\\p{Cc}\\p{Cf}\\p{Mn}\\p{Me}]*";
const COMMAND_START = new RegExp(`^(${IGNORABLE}):(${IGNORABLE}):`, "u");
const LEGACY = new RegExp(`#(${IGNORABLE})#(${IGNORABLE})\\[`, "gu");
/** The only `::` lines gitsm writes: `::error file=…,line=N,col=N,title=…::message`, every value encoded. */
const OWN_ANNOTATION = /^::(error|warning|notice) file=[^\r\n:,]*,line=\d+,col=\d+,title=[^\r\n:,]*::[^\r\n]*$/;

/**
 * One line made inert for the runner: a line that would start a workflow command gets a backslash
 * in front of its `::` (Markdown shows `\:` as `:`), and a legacy `##[` becomes `##\u005b` (which a
 * JSON string decodes back to `##[`). gitsm's own annotations pass when `annotations` is set.
 */
export function neutralizeLine(line: string, annotations = false): string {
  let out = line.replace(LEGACY, "#$1#$2\\u005b");
  if (COMMAND_START.test(out) && !(annotations && OWN_ANNOTATION.test(out)))
    out = out.replace(COMMAND_START, "$1\\:$2:");
  return out;
}

/** Text made inert line by line; line ends (`\n`, `\r\n`, `\r`) are kept as they are. */
export function neutralize(text: string, annotations = false): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part, i) => (i % 2 === 1 ? part : neutralizeLine(part, annotations)))
    .join("");
}

/**
 * The one place where gitsm's output leaves the process: whatever a command prints, in any format,
 * no line of it can be taken by GitHub Actions for a workflow command unless it is one of gitsm's
 * own annotations. Lines are held until they end, so a line split across writes is judged whole;
 * `flush` writes what is left.
 */
export function guardedIo(io: CliIo): CliIo & { flush: () => void } {
  const stream = (write: (text: string) => void) => {
    let pending = "";
    let pendingIsAnnotation = true;
    return {
      write(text: string, annotations = false) {
        const all = pending + text;
        const cut = Math.max(all.lastIndexOf("\n"), all.lastIndexOf("\r"));
        const own = annotations && (pending === "" || pendingIsAnnotation);
        // a "\r" at the very end may be the first half of "\r\n": hold it with the rest
        const end = cut === all.length - 1 && all.endsWith("\r") ? cut : cut + 1;
        if (end > 0) write(neutralize(all.slice(0, end), own));
        pending = all.slice(end);
        pendingIsAnnotation = pending === "" ? true : own;
      },
      flush() {
        if (pending) write(neutralize(pending));
        pending = "";
      },
    };
  };
  const out = stream((t) => io.stdout(t));
  const err = stream((t) => io.stderr(t));
  return {
    cwd: io.cwd,
    env: io.env,
    stdout: (text, options) => out.write(text, options?.annotations === true),
    stderr: (text) => err.write(text),
    flush: () => {
      out.flush();
      err.flush();
    },
  };
}
