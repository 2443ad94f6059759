/**
 * Whether a GitHub Actions step's `if:` lets it run for an event: the expression's event name, the
 * inputs and `always()` filled in, then evaluated. Only the forms our workflows use (==, !=, &&, ||,
 * parentheses, quoted strings, `inputs.X`, `always()`); anything else throws, so a test fails loudly.
 */
export function runsOn(condition: string | undefined, event: string, inputs: Record<string, string> = {}): boolean {
  if (condition === undefined) return true;
  const js = condition
    .replace(/^\s*\$\{\{|\}\}\s*$/g, "")
    .replace(/\balways\(\)/g, "true")
    .replace(/\bgithub\.event_name\b/g, JSON.stringify(event))
    .replace(/\binputs\.([\w-]+)/g, (_, name: string) => JSON.stringify(inputs[name] ?? ""))
    .replace(/'([^']*)'/g, (_, text: string) => JSON.stringify(text))
    .replace(/!=/g, "!==")
    .replace(/([^!=])==/g, "$1===");
  // Outside its string literals, nothing but true, false, operators and parentheses may be left.
  if (!/^(?:\s|true|false|===|!==|&&|\|\||[()!])*$/.test(js.replace(/"(?:[^"\\]|\\.)*"/g, "true")))
    throw new Error(`cannot evaluate if: ${condition}`);
  return Boolean(new Function(`return (${js});`)());
}
